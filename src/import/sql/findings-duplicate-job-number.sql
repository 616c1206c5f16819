-- duplicate_job_number: job numbers used by more than one job folder, across the whole database.
-- $1 = run id. Refreshes what is still duplicated, closes as gone what no longer is.
WITH dup AS (
  SELECT j.job_id, j.job_number, array_agg(o.job_id ORDER BY o.job_id) AS job_ids
  FROM jobs j JOIN jobs o ON o.job_number = j.job_number
  WHERE j.job_number IS NOT NULL
  GROUP BY j.job_id, j.job_number
  HAVING count(*) > 1
), seen AS (
  INSERT INTO reconciliation (job_id, id, kind, severity, summary, source_values, paths, first_run_id,
    last_run_id)
  SELECT job_id,
         jobmig_finding_id(job_id, 'duplicate_job_number', array_prepend(job_number, job_ids)),
         'duplicate_job_number', 'error',
         'job number ' || job_number || ' is used by ' || cardinality(job_ids) || ' job folders',
         jsonb_build_object('job_number', job_number, 'job_folders', to_jsonb(job_ids)), to_jsonb(job_ids),
           $1, $1
  FROM dup
  ON CONFLICT (job_id, id) DO UPDATE SET last_run_id = excluded.last_run_id, gone_run_id = NULL,
    updated_at = now()
  RETURNING job_id, id, (xmax = 0) AS inserted
), gone AS (
  UPDATE reconciliation r SET gone_run_id = $1, updated_at = now()
  WHERE r.kind = 'duplicate_job_number' AND r.gone_run_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM seen s WHERE s.job_id = r.job_id AND s.id = r.id)
  RETURNING 1
)
SELECT (SELECT count(*) FROM seen WHERE inserted) AS inserted, (SELECT count(*) FROM gone) AS gone;
