-- The batch to undo, locked (two undos of one batch queue here; the second finds the first's batch).
-- $1 batch id.
SELECT b.id::text, (SELECT u.id::text FROM finding_batches u WHERE u.undoes = b.id) AS undone_by
FROM finding_batches b WHERE b.id = $1 FOR UPDATE;
