-- Per archived snapshot: is it intact (file hash = stored payload hash), its round on disk, and the retained outputs kept forever (--kind final|correction)
-- $1 job_id (NULL = all jobs), $2 snapshot kind (NULL = both). Retained outputs: LEGACY_LAYOUT.md, Retention.
SELECT f.job_id,
       j.job_number,
       j.status,
       f.kind,
       f.round_id,
       EXISTS (SELECT 1 FROM job_rounds r WHERE r.job_id = f.job_id AND r.round_id = f.round_id) AS round_on_disk,
       a.sha256 IS NOT NULL AS file_on_disk,
       a.sha256 IS NOT DISTINCT FROM f.payload_sha256 AS intact,
       o.retained_outputs,
       o.retained_bytes,
       o.retained_kinds,
       f.archived_at
FROM job_finals f
JOIN jobs j ON j.job_id = f.job_id
LEFT JOIN artifacts a ON a.job_id = f.job_id AND a.path = f.source_path
CROSS JOIN LATERAL (
  SELECT count(*)::int AS retained_outputs,
         coalesce(sum(x.size), 0)::bigint AS retained_bytes,
         coalesce(jsonb_agg(x.kind ORDER BY x.kind COLLATE "C"), '[]') AS retained_kinds
  FROM artifacts x
  WHERE x.job_id = f.job_id AND x.snapshot = f.kind
    AND x.kind IN ('final_json', 'final_pdf', 'report_pdf', 'report_docx', 'geojson')
) o
WHERE ($1::text IS NULL OR f.job_id = $1::text)
  AND ($2::text IS NULL OR f.kind = $2::text)
ORDER BY f.job_id COLLATE "C", f.kind = 'correction'
