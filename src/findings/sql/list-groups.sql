-- Cause groups of the matching findings (matching-findings.sql, $1-$8): findings that share a cause
-- key (reconciliation.cause_key, schema/016) are one group. Per group: its kind and severity, how
-- many members match and how many of them are open, and every matching member (id: job, job number,
-- status). Errors first, then the biggest groups. $9 group limit (null = all), $10 groups to skip,
-- $11 'kind' sorts by kind first (any other order: errors first). Members are gathered for the groups
-- of the page only.
, page AS (
  SELECT r.cause_key, r.kind, r.severity, count(*)::int AS count,
         count(*) FILTER (WHERE r.status = 'open')::int AS open,
         CASE r.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END AS rank,
         CASE WHEN $11 = 'kind' THEN r.kind END AS by_kind
  FROM matching m
  JOIN reconciliation r ON r.job_id = m.job_id AND r.id = m.id
  GROUP BY r.cause_key, r.kind, r.severity
  ORDER BY by_kind, rank, count(*) DESC, r.cause_key
  LIMIT $9 OFFSET coalesce($10, 0)
)
SELECT p.cause_key, p.kind, p.severity, p.count, p.open,
       jsonb_object_agg(r.id, jsonb_build_object('job_id', r.job_id, 'job_number', j.job_number,
                                                 'status', r.status)) AS members
FROM page p
JOIN reconciliation r ON r.cause_key = p.cause_key
JOIN matching m ON m.job_id = r.job_id AND m.id = r.id
LEFT JOIN jobs j ON j.job_id = r.job_id
GROUP BY p.cause_key, p.kind, p.severity, p.count, p.open, p.rank, p.by_kind
ORDER BY p.by_kind, p.rank, p.count DESC, p.cause_key;
