-- The matching members of one cause group (after grouped-findings.sql), by job. $7 group_id.
SELECT id, job_id, job_number, kind, severity, status, summary, source_values, paths, review_note,
       reviewed_by, cause
FROM grouped
WHERE group_id = $7
ORDER BY job_id, id;
