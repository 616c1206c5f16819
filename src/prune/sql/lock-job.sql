-- Hold the job while its candidates are removed (an import of the same job waits).
SELECT job_id FROM jobs WHERE job_id = $1 FOR UPDATE;
