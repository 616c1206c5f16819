-- What a batch changed, finding by finding, and whether the finding was decided again since (a later
-- finding_events row). The findings are locked first (store.ts). $1 batch id.
SELECT e.finding_id, e.previous_status, e.previous_note, e.previous_reviewed_by, e.previous_reviewed_at,
       (SELECT max(l.id)::text FROM finding_events l
        WHERE l.finding_id = e.finding_id AND l.job_id = e.job_id AND l.id > e.id) AS decided_since
FROM finding_events e
WHERE e.batch_id = $1
ORDER BY e.finding_id;
