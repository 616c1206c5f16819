-- Continues the WITH of matching-findings.sql (hence the leading comma): each matching finding with its
-- cause, the key findings decided as one share. duplicate_job_number by job number; field_mismatch by
-- field and the pair of values; assignment findings by device; media findings by the path pattern
-- (job folder dropped, numbers as #); any other kind is a group of one. group_id names the group.
, caused AS (
  SELECT r.id, r.job_id, j.job_number, r.kind, r.severity, r.status, r.summary, r.source_values, r.paths,
         r.first_run_id, r.review_note, r.reviewed_by,
         CASE
           WHEN r.kind = 'duplicate_job_number' THEN r.source_values ->> 'job_number'
           WHEN r.kind = 'field_mismatch' THEN r.source_values::text
           WHEN r.kind LIKE 'assignment\_%' THEN coalesce(r.source_values ->> 'job_assignments', '(none)')
           WHEN r.kind LIKE 'media\_%' THEN
             regexp_replace(regexp_replace(coalesce(r.paths ->> 0, ''), '^[^/]*/', ''), '[0-9]+', '#', 'g')
           ELSE r.id
         END AS cause
  FROM matching m
  JOIN reconciliation r ON r.job_id = m.job_id AND r.id = m.id
  LEFT JOIN jobs j ON j.job_id = r.job_id
), grouped AS (
  SELECT c.*, 'G' || left(md5(c.kind || E'\n' || c.cause), 15) AS group_id FROM caused c
)
