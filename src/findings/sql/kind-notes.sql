-- The notes reviewers already gave findings of kind $1, most used first (then the latest), at most $2.
SELECT note, count(*)::int AS uses
FROM finding_events
WHERE kind = $1 AND note IS NOT NULL AND via <> 'undo'
GROUP BY note
ORDER BY count(*) DESC, max(id) DESC
LIMIT $2;
