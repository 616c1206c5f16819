-- Lock every finding the filter matches (matching-findings.sql, $1-$8) until the transaction ends, in
-- id order (two deciders never wait on each other in a circle). A row changed meanwhile is locked in
-- its new version but not filtered again here: store.ts reads the filter again after the locks.
SELECT r.id
FROM matching m
JOIN reconciliation r ON r.job_id = m.job_id AND r.id = m.id
ORDER BY r.id
FOR UPDATE OF r;
