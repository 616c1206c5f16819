-- A reviewer's list of decisions (jobmig findings apply), each on its own finding, with a
-- finding_reviewed event per finding. $1 finding ids, $2 review statuses (open, acknowledged,
-- resolved), $3 notes (null keeps the old one), all of one length; $4 reviewer, $5 how (csv).
WITH decision AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS d (id, review_status, note)
), reviewed AS (
  UPDATE reconciliation r
  SET review_status = d.review_status, review_note = coalesce(d.note, r.review_note), reviewed_by = $4,
      reviewed_at = now(), updated_at = now()
  FROM decision d
  WHERE r.id = d.id
  RETURNING r.job_id, r.id, r.kind, r.review_status, r.review_note, r.reviewed_by
), event AS (
  INSERT INTO job_events (job_id, event_type, payload)
  SELECT job_id, 'finding_reviewed',
         jsonb_build_object('finding_id', id, 'kind', kind, 'review_status', review_status,
                            'note', review_note, 'reviewed_by', reviewed_by, 'via', $5::text)
  FROM reviewed
  WHERE EXISTS (SELECT 1 FROM jobs j WHERE j.job_id = reviewed.job_id)
)
SELECT job_id, id FROM reviewed;
