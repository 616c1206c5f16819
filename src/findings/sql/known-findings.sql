-- Which of the ids $1 name a finding, each locked until the transaction ends, in id order (findings
-- apply checks every id before it changes anything).
SELECT id FROM reconciliation WHERE id = ANY ($1::text[]) ORDER BY id FOR UPDATE;
