-- Import runs, newest first, with what each changed (jobs added, changed, marked gone; findings
-- opened or reopened, closed; import issues). $1 = the run id (NULL: every run), $2 = at most this
-- many runs (NULL: all).
SELECT r.id, r.status, r.started_at, r.finished_at, r.jobs_root, r.options, r.lock_key, r.folders, r.counts,
       r.error,
       coalesce(e.added, 0) AS jobs_added, coalesce(e.changed, 0) AS jobs_changed,
       coalesce(f.jobs_gone, 0) AS jobs_gone, coalesce(f.opened, 0) AS findings_opened,
       coalesce(f.closed, 0) AS findings_closed, coalesce(i.issues, 0) AS issues
FROM import_runs r
LEFT JOIN LATERAL (
  SELECT count(*) FILTER (WHERE (payload ->> 'created')::boolean) AS added,
         count(*) FILTER (WHERE NOT (payload ->> 'created')::boolean) AS changed
  FROM job_events WHERE run_id = r.id AND event_type = 'imported'
) e ON true
LEFT JOIN LATERAL (
  SELECT count(*) FILTER (WHERE change <> 'closed' AND kind = 'source_missing') AS jobs_gone,
         count(*) FILTER (WHERE change <> 'closed') AS opened,
         count(*) FILTER (WHERE change = 'closed') AS closed
  FROM finding_changes WHERE run_id = r.id
) f ON true
LEFT JOIN LATERAL (SELECT count(*) AS issues FROM import_issues WHERE run_id = r.id) i ON true
WHERE $1::bigint IS NULL OR r.id = $1
ORDER BY r.id DESC
LIMIT $2
