-- The current snapshot of each job: its correction where one exists, else its final. The jsonb payload
-- only for rows without stored bytes (imported before schema/012).
-- $1: job ids (NULL = every job with a snapshot).
SELECT DISTINCT ON (f.job_id) f.job_id, f.kind, CASE WHEN f.snapshot_bytes IS NULL THEN f.payload END AS payload,
  f.payload_sha256, f.snapshot_bytes, j.job_number
FROM job_finals f
JOIN jobs j ON j.job_id = f.job_id
WHERE $1::text[] IS NULL OR f.job_id = ANY ($1::text[])
ORDER BY f.job_id, (f.kind = 'correction') DESC;
