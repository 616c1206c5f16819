-- Batches of decisions, newest first: who, when, how, what chose the findings, how many changed, and
-- the batch that undid it (if one did). $1 only this batch (null = all), $2 limit (null = all).
SELECT b.id::text, b.created_at, b.reviewed_by, b.via, b.scope, b.decision, b.note, b.selection,
       b.findings, b.undoes::text, u.id::text AS undone_by
FROM finding_batches b
LEFT JOIN finding_batches u ON u.undoes = b.id
WHERE $1::bigint IS NULL OR b.id = $1
ORDER BY b.id DESC
LIMIT $2;
