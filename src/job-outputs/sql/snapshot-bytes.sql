-- One snapshot's stored file bytes, and whether its job and row exist (for a precise refusal).
-- $1 job_id, $2 kind ('final' or 'correction').
SELECT j.job_id IS NOT NULL AS job_found, f.kind IS NOT NULL AS snapshot_found, f.snapshot_bytes,
  f.payload_sha256
FROM (SELECT $1::text AS job_id) wanted
LEFT JOIN jobs j ON j.job_id = wanted.job_id
LEFT JOIN job_finals f ON f.job_id = wanted.job_id AND f.kind = $2::text;
