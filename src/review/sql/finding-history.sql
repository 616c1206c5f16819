-- A finding's review history: its finding_reviewed events (finding_events, schema/016), oldest first.
-- $1 job_id, $2 finding id.
SELECT e.created_at, e.reviewed_by, e.review_status, e.note, e.via
FROM finding_events e
WHERE e.job_id = $1 AND e.finding_id = $2
ORDER BY e.id;
