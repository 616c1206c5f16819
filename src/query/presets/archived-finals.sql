-- Every archived final and correction with job number, status, snapshot kind and round (--kind final|correction; --snapshot current|final|correction)
-- $1 job_id (NULL = all jobs), $2 snapshot kind (NULL = both), $3 snapshot choice (NULL = both; current =
-- the correction of a corrected job, else its final). round_on_disk: the snapshot's round has a round row.
SELECT f.job_id,
       j.job_number,
       j.status,
       f.kind,
       f.round_id,
       EXISTS (SELECT 1 FROM job_rounds r WHERE r.job_id = f.job_id AND r.round_id = f.round_id) AS round_on_disk,
       j.latest_round_id AS record_latest_round_id,
       f.archived_at,
       f.user_name AS assessor,
       o.code AS operator_code,
       f.server_revision_id,
       f.client_revision_id,
       f.source_path,
       f.payload_sha256
FROM job_finals f
JOIN jobs j ON j.job_id = f.job_id
LEFT JOIN operators o ON o.id = f.operator_id
WHERE ($1::text IS NULL OR f.job_id = $1::text)
  AND ($2::text IS NULL OR f.kind = $2::text)
  AND ($3::text IS NULL OR f.kind = $3::text
       OR ($3::text = 'current' AND (f.kind = 'correction' OR NOT EXISTS (
             SELECT 1 FROM job_finals c WHERE c.job_id = f.job_id AND c.kind = 'correction'))))
ORDER BY f.job_id COLLATE "C", f.kind = 'correction'
