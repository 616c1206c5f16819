-- Review progress: decided (acknowledged or resolved), open and gone findings among those the filter
-- matches (matching-findings.sql, $1-$8) and in the whole store, and how many each reviewer decided
-- (of the findings now decided, by who decided them last).
SELECT 'filter' AS scope, NULL AS reviewer,
       count(*) FILTER (WHERE r.status IN ('acknowledged', 'resolved'))::int AS decided,
       count(*) FILTER (WHERE r.status = 'open')::int AS open, count(*)::int AS total
FROM matching m JOIN reconciliation r ON r.job_id = m.job_id AND r.id = m.id
UNION ALL
SELECT 'store', NULL,
       count(*) FILTER (WHERE status IN ('acknowledged', 'resolved'))::int,
       count(*) FILTER (WHERE status = 'open')::int, count(*)::int
FROM reconciliation
UNION ALL
SELECT 'reviewer', reviewed_by, count(*)::int, 0, count(*)::int
FROM reconciliation
WHERE status IN ('acknowledged', 'resolved') AND reviewed_by IS NOT NULL
GROUP BY reviewed_by;
