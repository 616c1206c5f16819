-- Per archived snapshot: is it intact (file hash = stored payload hash), its round on disk, and the retained outputs kept forever (--kind final|correction)
-- $1 job_id (NULL = all jobs), $2 snapshot kind (NULL = both). Retained outputs: LEGACY_LAYOUT.md, Retention.
-- One pass: each snapshot is joined to its retained output artifacts (kind and snapshot; about 100k
-- of the store's 800k artifacts) and grouped by the snapshot's key, which also finds the snapshot's
-- own file among them. That file is always one of them: a snapshot's source_path and its artifact's
-- kind and snapshot are both derived from the file name by classifyJobFile (src/legacy/layout.ts:
-- final.json is final_json of the final, final_correction.json final_json of the correction), in the
-- import and in correction set alike. A join on (job_id, source_path) over all artifacts cost a scan
-- and hash probe of every artifact, or 22,000 primary-key lookups: either more than this whole pass.
-- retained_kinds is built from per-kind counts in the kinds' "C" order rather than by
-- jsonb_agg(kind ORDER BY kind), an ordered aggregate that PostgreSQL 15 answers with a sort per group
-- and that rules out hash aggregation.
WITH snapshot AS (
  SELECT f.job_id, f.kind, f.round_id, f.payload_sha256, f.archived_at,
         max(x.sha256) FILTER (WHERE x.path = f.source_path) AS file_sha256,
         count(x.kind)::int AS retained_outputs,
         coalesce(sum(x.size), 0)::bigint AS retained_bytes,
         count(*) FILTER (WHERE x.kind = 'final_json')::int AS final_json,
         count(*) FILTER (WHERE x.kind = 'final_pdf')::int AS final_pdf,
         count(*) FILTER (WHERE x.kind = 'geojson')::int AS geojson,
         count(*) FILTER (WHERE x.kind = 'report_docx')::int AS report_docx,
         count(*) FILTER (WHERE x.kind = 'report_pdf')::int AS report_pdf
  FROM job_finals f
  LEFT JOIN artifacts x ON x.job_id = f.job_id AND x.snapshot = f.kind
                       AND x.kind IN ('final_json', 'final_pdf', 'report_pdf', 'report_docx', 'geojson')
  WHERE ($1::text IS NULL OR f.job_id = $1::text)
    AND ($2::text IS NULL OR f.kind = $2::text)
  GROUP BY f.job_id, f.kind
)
SELECT s.job_id,
       j.job_number,
       j.status,
       s.kind,
       s.round_id,
       EXISTS (SELECT 1 FROM job_rounds r WHERE r.job_id = s.job_id
         AND r.round_id = s.round_id) AS round_on_disk,
       s.file_sha256 IS NOT NULL AS file_on_disk,
       s.file_sha256 IS NOT DISTINCT FROM s.payload_sha256 AS intact,
       s.retained_outputs,
       s.retained_bytes,
       to_jsonb(array_fill('final_json'::text, ARRAY[s.final_json]) || array_fill('final_pdf'::text,
         ARRAY[s.final_pdf])
                || array_fill('geojson'::text, ARRAY[s.geojson]) || array_fill('report_docx'::text,
                  ARRAY[s.report_docx])
                || array_fill('report_pdf'::text, ARRAY[s.report_pdf])) AS retained_kinds,
       s.archived_at
FROM snapshot s
JOIN jobs j ON j.job_id = s.job_id
ORDER BY s.job_id COLLATE "C", s.kind = 'correction'
