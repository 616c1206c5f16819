-- A customer's contact details across its jobs, most recent first, and which job the customer's current details come from (--kind <customer code>)
-- $1 job_id (NULL = every customer; else the history of that job's customer), $2 customer code, e.g. C0002
-- (NULL = all). Most recent: the highest job number, then job id (schema/015, jobmig_job_number_order).
-- is_current: this job is customers.contact_job_id, the one the customer row's phone, address and
-- contact preference were taken from.
WITH picked AS (
  SELECT customer_id FROM jobs WHERE $1::text IS NOT NULL AND job_id = $1::text
)
SELECT c.code AS customer_code,
       c.name AS customer,
       j.job_id,
       j.job_number,
       j.job_phone AS phone,
       j.job_address AS address,
       j.contact_preference,
       j.job_id = c.contact_job_id AS is_current
FROM jobs j
JOIN customers c ON c.id = j.customer_id
WHERE ($1::text IS NULL OR j.customer_id IN (SELECT customer_id FROM picked))
  AND ($2::text IS NULL OR c.code = $2::text)
ORDER BY c.id, jobmig_job_number_order(j.job_number) DESC NULLS LAST, j.job_id COLLATE "C" DESC
