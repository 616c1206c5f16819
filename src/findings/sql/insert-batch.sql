-- A new batch of decisions (finding_batches, schema/016). $1 reviewer, $2 via, $3 scope, $4 decision
-- (null: a CSV or an undo), $5 note, $6 what chose the findings (jsonb), $7 the batch an undo undoes.
INSERT INTO finding_batches (reviewed_by, via, scope, decision, note, selection, undoes)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id::text;
