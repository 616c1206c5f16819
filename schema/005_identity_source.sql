-- The job whose spelling an identity row keeps: the lowest job id (folder order, COLLATE "C") that
-- names it. Choosing by job id rather than by arrival makes the stored spelling the same for one
-- import, a rerun, or shards importing in parallel. Rows from before this column read NULL and take
-- the spelling of the next job that names them.
ALTER TABLE customers ADD COLUMN source_job_id text;
ALTER TABLE billing_profiles ADD COLUMN source_job_id text;
ALTER TABLE operators ADD COLUMN source_job_id text;
ALTER TABLE trees ADD COLUMN source_job_id text;
