-- One page of cause groups of the matching findings (after grouped-findings.sql): $9 row limit, $10
-- rows to skip, $11 what sorts first ('severity', 'kind', 'job' or 'first_seen'); then errors first,
-- kind and cause, a total order. Each group gives its first member's values to show in the list.
SELECT group_id, kind, severity, count(*)::int AS members,
       count(DISTINCT job_id)::int AS jobs, min(id) AS first_id,
       (array_agg(summary ORDER BY job_id, id))[1] AS summary,
       (array_agg(source_values ORDER BY job_id, id))[1] AS source_values,
       (array_agg(job_id ORDER BY job_id, id))[1:6] AS job_ids,
       (array_agg(job_number ORDER BY job_id, id))[1] AS job_number,
       count(*) OVER ()::int AS total_groups
FROM grouped
GROUP BY group_id, kind, severity
ORDER BY CASE WHEN $11 = 'kind' THEN kind END, CASE WHEN $11 = 'job' THEN min(job_id) END,
         CASE WHEN $11 = 'first_seen' THEN min(first_run_id) END,
         CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, kind, group_id
LIMIT $9 OFFSET coalesce($10, 0);
