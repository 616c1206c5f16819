-- The findings a discrepancy report shows, with reviewer state. Every filter is optional:
-- $1 status (open, acknowledged, resolved, gone; null = every status), $2 job_id, $3 kind.
SELECT r.id, r.job_id, j.job_number, r.kind, r.severity, r.status, r.summary, r.source_values, r.paths,
       r.first_run_id, r.last_run_id, r.gone_run_id,
       r.review_status, r.review_note, r.reviewed_by, r.reviewed_at
FROM reconciliation r
LEFT JOIN jobs j ON j.job_id = r.job_id
WHERE ($1::text IS NULL OR r.status = $1)
  AND ($2::text IS NULL OR r.job_id = $2)
  AND ($3::text IS NULL OR r.kind = $3)
ORDER BY r.kind, r.job_id, r.id;
