-- The whole store's review progress: findings per status, and per reviewer how many of the decided
-- (acknowledged or resolved) ones they decided last. One row per status and one per reviewer.
SELECT 'status' AS what, status AS name, count(*)::int AS count FROM reconciliation GROUP BY status
UNION ALL
SELECT 'reviewer', reviewed_by, count(*)::int
FROM reconciliation
WHERE status IN ('acknowledged', 'resolved') AND reviewed_by IS NOT NULL
GROUP BY reviewed_by;
