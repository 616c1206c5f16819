-- Every reconciliation finding with the value from each source and reviewer state, errors first (--kind <finding kind>)
-- $1 job_id (NULL = all jobs), $2 finding kind (NULL = all kinds). Includes closed (gone) findings.
SELECT r.id,
       r.job_id,
       j.job_number,
       r.kind,
       r.severity,
       r.status,
       r.summary,
       r.source_values,
       r.paths,
       r.first_run_id,
       r.last_run_id,
       r.gone_run_id,
       r.review_note,
       r.reviewed_by,
       r.reviewed_at
FROM reconciliation r
LEFT JOIN jobs j ON j.job_id = r.job_id
WHERE ($1::text IS NULL OR r.job_id = $1::text)
  AND ($2::text IS NULL OR r.kind = $2::text)
ORDER BY CASE r.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
         r.kind COLLATE "C", r.job_id COLLATE "C", r.id COLLATE "C"
