-- The job folders a run over the whole root would mark gone: stored jobs (read from public, not
-- from the dry run's stand-ins) whose folder is not among those found ($1) and whose source_missing
-- finding is not already open.
SELECT j.job_id
FROM public.jobs j
WHERE NOT (j.job_id = ANY ($1::text[]))
  AND NOT EXISTS (SELECT 1 FROM public.reconciliation r
                  WHERE r.job_id = j.job_id AND r.kind = 'source_missing' AND r.gone_run_id IS NULL)
ORDER BY j.job_id COLLATE "C"
