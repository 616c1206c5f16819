-- Per archived snapshot: is it intact (file hash = stored payload hash), its round on disk, and the retained outputs kept forever (--kind final|correction)
-- $1 job_id (NULL = all jobs), $2 snapshot kind (NULL = both). Retained outputs: LEGACY_LAYOUT.md, Retention.
-- Retained outputs are counted in one grouped pass over artifacts, joined by (job, snapshot), rather
-- than by a subquery per snapshot.
WITH retained AS (
  SELECT x.job_id, x.snapshot,
         count(*)::int AS retained_outputs,
         sum(x.size)::bigint AS retained_bytes,
         jsonb_agg(x.kind ORDER BY x.kind COLLATE "C") AS retained_kinds
  FROM artifacts x
  WHERE ($1::text IS NULL OR x.job_id = $1::text)
    AND ($2::text IS NULL OR x.snapshot = $2::text)
    AND x.kind IN ('final_json', 'final_pdf', 'report_pdf', 'report_docx', 'geojson')
  GROUP BY x.job_id, x.snapshot
)
SELECT f.job_id,
       j.job_number,
       j.status,
       f.kind,
       f.round_id,
       EXISTS (SELECT 1 FROM job_rounds r WHERE r.job_id = f.job_id AND r.round_id = f.round_id) AS round_on_disk,
       a.sha256 IS NOT NULL AS file_on_disk,
       a.sha256 IS NOT DISTINCT FROM f.payload_sha256 AS intact,
       coalesce(o.retained_outputs, 0) AS retained_outputs,
       coalesce(o.retained_bytes, 0)::bigint AS retained_bytes,
       coalesce(o.retained_kinds, '[]') AS retained_kinds,
       f.archived_at
FROM job_finals f
JOIN jobs j ON j.job_id = f.job_id
LEFT JOIN artifacts a ON a.job_id = f.job_id AND a.path = f.source_path
LEFT JOIN retained o ON o.job_id = f.job_id AND o.snapshot = f.kind
WHERE ($1::text IS NULL OR f.job_id = $1::text)
  AND ($2::text IS NULL OR f.kind = $2::text)
ORDER BY f.job_id COLLATE "C", f.kind = 'correction'
