-- job_record.json as imported (a table row, not an artifact): shown from the database. $1 job_id.
SELECT record FROM jobs WHERE job_id = $1;
