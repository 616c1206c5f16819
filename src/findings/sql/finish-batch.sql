-- A batch's count of changed findings, once they are decided; a batch that changed none is dropped.
-- $1 batch id, $2 findings changed.
WITH counted AS (
  UPDATE finding_batches SET findings = $2 WHERE id = $1 AND $2 > 0 RETURNING id
)
DELETE FROM finding_batches WHERE id = $1 AND $2 = 0;
