-- A finding's review history: its finding_reviewed events, oldest first. $1 job_id, $2 finding id.
SELECT e.created_at, e.payload ->> 'reviewed_by' AS reviewed_by,
       e.payload ->> 'review_status' AS review_status, e.payload ->> 'note' AS note,
       e.payload ->> 'via' AS via
FROM job_events e
WHERE e.job_id = $1 AND e.event_type = 'finding_reviewed' AND e.payload ->> 'finding_id' = $2
ORDER BY e.id;
