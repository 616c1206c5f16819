-- Findings for reviewers, newest problems first within severity. Every filter is optional:
-- $1 kind, $2 status (open, acknowledged, resolved, gone), $3 job_id, $4 row limit, $5 finding id.
SELECT r.id, r.job_id, j.job_number, r.kind, r.severity, r.status, r.summary, r.source_values, r.paths,
       r.first_run_id, r.last_run_id, r.gone_run_id, r.review_note, r.reviewed_by, r.reviewed_at
FROM reconciliation r
LEFT JOIN jobs j ON j.job_id = r.job_id
WHERE ($1::text IS NULL OR r.kind = $1)
  AND ($2::text IS NULL OR r.status = $2)
  AND ($3::text IS NULL OR r.job_id = $3)
  AND ($5::text IS NULL OR r.id = $5)
ORDER BY CASE r.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, r.kind, r.job_id, r.id
LIMIT $4;
