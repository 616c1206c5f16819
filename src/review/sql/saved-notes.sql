-- The notes reviewers already gave findings of kind $1, most used first (at most 9: keys 1-9).
SELECT review_note AS note, count(*)::int AS uses
FROM reconciliation
WHERE kind = $1 AND review_note IS NOT NULL AND review_note <> ''
GROUP BY review_note
ORDER BY count(*) DESC, review_note
LIMIT 9;
