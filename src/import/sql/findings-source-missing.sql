-- source_missing: jobs in the database whose folder is no longer under the jobs root. Their rows stay.
-- $1 = run id, $2 = every job folder the run found. Only run when the run looked at the whole root.
WITH found AS (
  SELECT unnest($2::text[]) AS job_id
), missing AS (
  SELECT j.job_id FROM jobs j LEFT JOIN found f ON f.job_id = j.job_id WHERE f.job_id IS NULL
), seen AS (
  INSERT INTO reconciliation (job_id, id, kind, severity, summary, source_values, paths, first_run_id,
    last_run_id)
  SELECT job_id,
         jobmig_finding_id(job_id, 'source_missing', ARRAY[]::text[]),
         'source_missing', 'error', 'job folder ' || job_id || ' is no longer on disk; its rows are kept',
         jsonb_build_object('database', 'present', 'disk', 'missing'), jsonb_build_array(job_id), $1, $1
  FROM missing
  ON CONFLICT (job_id, id) DO UPDATE SET last_run_id = excluded.last_run_id, gone_run_id = NULL,
    updated_at = now()
  RETURNING job_id, id, (xmax = 0) AS inserted
), gone AS (
  UPDATE reconciliation r SET gone_run_id = $1, updated_at = now()
  WHERE r.kind = 'source_missing' AND r.gone_run_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM seen s WHERE s.job_id = r.job_id AND s.id = r.id)
  RETURNING 1
)
SELECT (SELECT count(*) FROM missing) AS missing, (SELECT count(*) FROM seen WHERE inserted) AS inserted,
       (SELECT count(*) FROM gone) AS gone;
