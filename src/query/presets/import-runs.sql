-- Import runs: status, options, folder counts, rows written and issues recorded (--kind running|completed|failed|interrupted|stopped)
-- $1 job_id (NULL = every run; else the runs that changed that job or recorded an issue for it), $2 run
-- status (NULL = all).
SELECT r.id,
       r.status,
       r.started_at,
       r.finished_at,
       r.jobs_root,
       r.options,
       r.folders,
       (SELECT coalesce(sum((c.value ->> 'inserted')::bigint), 0)::bigint FROM jsonb_each(coalesce(r.counts,
         '{}')) c
        WHERE jsonb_typeof(c.value) = 'object') AS rows_inserted,
       (SELECT coalesce(sum((c.value ->> 'updated')::bigint), 0)::bigint FROM jsonb_each(coalesce(r.counts,
         '{}')) c
        WHERE jsonb_typeof(c.value) = 'object') AS rows_updated,
       (SELECT coalesce(sum((c.value ->> 'deleted')::bigint), 0)::bigint FROM jsonb_each(coalesce(r.counts,
         '{}')) c
        WHERE jsonb_typeof(c.value) = 'object') AS rows_deleted,
       (SELECT count(*)::int FROM import_issues i WHERE i.run_id = r.id) AS issues,
       r.error
FROM import_runs r
WHERE ($1::text IS NULL
       OR EXISTS (SELECT 1 FROM job_events e WHERE e.job_id = $1::text AND e.run_id = r.id)
       OR EXISTS (SELECT 1 FROM import_issues i WHERE i.job_id = $1::text AND i.run_id = r.id))
  AND ($2::text IS NULL OR r.status = $2::text)
ORDER BY r.id
