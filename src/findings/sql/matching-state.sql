-- The review state of every finding the filter matches (matching-findings.sql, $1-$8), in id order:
-- what a confirmation fingerprints, and what a decision checks again after taking its locks.
SELECT r.id, r.review_status, r.review_note
FROM matching m
JOIN reconciliation r ON r.job_id = m.job_id AND r.id = m.id
ORDER BY r.id;
