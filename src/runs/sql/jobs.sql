-- The job folders one run ($1) added and changed (its `imported` events) and marked gone from disk
-- (source_missing findings it opened or reopened), in job id order.
SELECT change, job_id FROM (
  SELECT CASE WHEN (payload ->> 'created')::boolean THEN 'added' ELSE 'changed' END AS change, job_id
  FROM job_events WHERE run_id = $1 AND event_type = 'imported'
  UNION ALL
  SELECT 'gone', job_id
  FROM finding_changes WHERE run_id = $1 AND kind = 'source_missing' AND change <> 'closed'
) c
ORDER BY change, job_id COLLATE "C"
