-- The import runs the reported findings were seen in (first, last, and gone), with the same filters
-- as report-findings.sql: $1 status (null = every status), $2 job_id, $3 kind.
SELECT ir.id, ir.started_at, ir.finished_at, ir.status, ir.jobs_root
FROM import_runs ir
WHERE ir.id IN (
  SELECT seen.run_id
  FROM reconciliation r
  CROSS JOIN LATERAL (VALUES (r.first_run_id), (r.last_run_id), (r.gone_run_id)) AS seen (run_id)
  WHERE ($1::text IS NULL OR r.status = $1)
    AND ($2::text IS NULL OR r.job_id = $2)
    AND ($3::text IS NULL OR r.kind = $3)
)
ORDER BY ir.id;
