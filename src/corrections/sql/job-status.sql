-- A job's status, read before anything else so a job that cannot take a correction is refused early.
-- $1 job_id.
SELECT status FROM jobs WHERE job_id = $1;
