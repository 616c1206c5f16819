-- One page of the matching findings (matching-findings.sql, $1-$8), errors first, then kind, job and id
-- (a total order, so pages never overlap). $9 row limit (null = all), $10 rows to skip, $11 what sorts
-- first: 'severity' (the default), 'kind', 'job' or 'first_seen' (the run that first saw it).
SELECT r.id, r.job_id, j.job_number, r.kind, r.severity, r.status, r.summary, r.source_values, r.paths,
       r.first_run_id, r.last_run_id, r.gone_run_id, r.review_note, r.reviewed_by, r.reviewed_at
FROM matching m
JOIN reconciliation r ON r.job_id = m.job_id AND r.id = m.id
LEFT JOIN jobs j ON j.job_id = r.job_id
ORDER BY CASE WHEN $11 = 'kind' THEN r.kind END, CASE WHEN $11 = 'job' THEN r.job_id END,
         CASE WHEN $11 = 'first_seen' THEN r.first_run_id END,
         CASE r.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, r.kind, r.job_id, r.id
LIMIT $9 OFFSET coalesce($10, 0);
