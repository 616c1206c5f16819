-- The job a correction is written for, locked until the transaction ends, with its current correction's hash.
SELECT j.status, c.payload_sha256 AS correction_sha256
FROM jobs j
LEFT JOIN job_finals c ON c.job_id = j.job_id AND c.kind = 'correction'
WHERE j.job_id = $1
FOR UPDATE OF j;
