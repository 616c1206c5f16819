-- The last `jobmig correction set` of a job: the correction it committed and the one it replaced.
-- $1 job_id.
SELECT payload->>'sha256' AS sha256, payload->>'previous_sha256' AS previous_sha256
FROM job_events
WHERE job_id = $1 AND event_type = 'correction_set'
ORDER BY id DESC
LIMIT 1;
