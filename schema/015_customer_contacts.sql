-- Customer lookup without the jobs table: a customer carries the contact details of its most recent
-- job (job_phone, job_address, contact_preference as that job last wrote them) and that job's id; a
-- billing profile the contact preference of its most recent job. They are attributes, never part of
-- the identity: customers are still one per folded name. Recomputed from jobs at the end of every
-- import run (src/import/sql/identity-contacts.sql), so the result does not depend on run order.
-- "Most recent": the highest job number (the server's counter hands them out in order), then the
-- highest job id; a job that wrote none of the fields does not count.
CREATE FUNCTION jobmig_job_number_order(job_number text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN substring(job_number FROM '[0-9]+')::numeric;

ALTER TABLE customers ADD COLUMN phone text;
ALTER TABLE customers ADD COLUMN address text;
ALTER TABLE customers ADD COLUMN contact_preference text;
ALTER TABLE customers ADD COLUMN contact_job_id text;   -- the job the three were read from

ALTER TABLE billing_profiles ADD COLUMN contact_preference text;
ALTER TABLE billing_profiles ADD COLUMN contact_job_id text;
