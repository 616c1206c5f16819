-- How many findings match (matching-findings.sql, $1-$8), per kind, severity and status.
SELECT r.kind, r.severity, r.status, count(*)::int AS count
FROM matching m
JOIN reconciliation r ON r.job_id = m.job_id AND r.id = m.id
GROUP BY r.kind, r.severity, r.status;
