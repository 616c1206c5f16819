-- The job folder a --job value names: the folder of that name, else the staged export whose final
-- carries that job_id (jobs.snapshot_job_id, schema/014; the lowest folder if several do). No row: the
-- value is used as given.
SELECT job_id
FROM jobs
WHERE job_id = $1::text OR snapshot_job_id = $1::text
ORDER BY job_id = $1::text DESC, job_id COLLATE "C"
LIMIT 1
