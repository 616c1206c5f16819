-- The current snapshot of each job: its correction where one exists, else its final.
-- $1: job ids (NULL = every job with a snapshot).
SELECT DISTINCT ON (f.job_id) f.job_id, f.kind, f.payload, f.payload_sha256, j.job_number
FROM job_finals f
JOIN jobs j ON j.job_id = f.job_id
WHERE $1::text[] IS NULL OR f.job_id = ANY ($1::text[])
ORDER BY f.job_id, (f.kind = 'correction') DESC;
