-- Job ids in byte order (COLLATE "C"), the order every preset prints jobs in whatever the database's
-- locale. The primary key's order follows the database collation, which a query asking for "C"
-- cannot use; with this index a preset can walk the jobs in output order and look up each job's
-- rows by key, so its first rows arrive at once instead of after a sort of the whole result.
CREATE UNIQUE INDEX jobs_job_id_c_idx ON jobs (job_id COLLATE "C");
