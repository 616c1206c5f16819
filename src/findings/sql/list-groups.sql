-- Cause groups of the matching findings (matching-findings.sql, $1-$8): findings that share a cause
-- key (view finding_causes) are one group. Per group: its kind and severity, how many members match
-- and how many of them are open, and the first members (id, job, job number) for a list row. Errors
-- first, then the biggest groups. $9 group limit (null = all), $10 groups to skip, $11 'kind' sorts by
-- kind first (any other order: errors first).
SELECT c.cause_key, r.kind, r.severity, count(*)::int AS count,
       count(*) FILTER (WHERE r.status = 'open')::int AS open,
       jsonb_object_agg(r.id, jsonb_build_object('job_id', r.job_id, 'job_number', j.job_number,
                                                 'status', r.status)) AS members
FROM matching m
JOIN reconciliation r ON r.job_id = m.job_id AND r.id = m.id
JOIN finding_causes c ON c.job_id = r.job_id AND c.id = r.id
LEFT JOIN jobs j ON j.job_id = r.job_id
GROUP BY c.cause_key, r.kind, r.severity
ORDER BY CASE WHEN $11 = 'kind' THEN r.kind END, CASE r.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, count(*) DESC, c.cause_key
LIMIT $9 OFFSET coalesce($10, 0);
