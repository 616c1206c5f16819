-- Lock the findings a batch changed, in id order, before reading what it changed. $1 batch id.
SELECT r.id FROM reconciliation r
WHERE r.id IN (SELECT finding_id FROM finding_events WHERE batch_id = $1)
ORDER BY r.id FOR UPDATE;
