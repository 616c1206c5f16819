-- The findings a reviewer's filter selects: the CTE `matching` the other finding queries start from
-- (store.ts puts it in front of them). Every filter is optional (null = any):
-- $1 kind, $2 status (open, acknowledged, resolved, gone), $3 job_id, $4 severity, $5 free text (every
-- word must occur, case ignored, in id, job, number, kind, summary, values, paths, note or reviewer),
-- $6 finding id, $7 cause key (a cause group, view finding_causes), $8 finding ids (a selection).
WITH matching AS (
  SELECT r.job_id, r.id
  FROM reconciliation r
  LEFT JOIN jobs j ON j.job_id = r.job_id
  WHERE ($1::text IS NULL OR r.kind = $1)
    AND ($2::text IS NULL OR r.status = $2)
    AND ($3::text IS NULL OR r.job_id = $3)
    AND ($4::text IS NULL OR r.severity = $4)
    AND ($6::text IS NULL OR r.id = $6)
    AND ($8::text[] IS NULL OR r.id = ANY ($8::text[]))
    AND ($7::text IS NULL OR EXISTS (
      SELECT 1 FROM finding_causes c WHERE c.job_id = r.job_id AND c.id = r.id AND c.cause_key = $7))
    AND ($5::text IS NULL OR NOT EXISTS (
      SELECT 1
      FROM regexp_split_to_table(lower($5), '\s+') AS w (word)
      WHERE w.word <> ''
        AND position(w.word IN lower(concat_ws(E'\n', r.id, r.job_id, j.job_number, r.kind, r.severity,
              r.status, r.summary, r.source_values::text, r.paths::text, r.review_note, r.reviewed_by))) = 0
    ))
)
