-- Which of the ids $1 name a finding, each locked until the transaction ends (findings apply checks
-- every id before it changes anything).
SELECT id FROM reconciliation WHERE id = ANY ($1::text[]) FOR UPDATE;
