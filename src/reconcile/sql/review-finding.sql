-- Record a reviewer's decision on one finding, and the same in the job's audit trail.
-- $1 id, $2 new review status (acknowledged or resolved), $3 note (null keeps the old one), $4 reviewer.
WITH reviewed AS (
  UPDATE reconciliation
  SET review_status = $2, review_note = coalesce($3, review_note), reviewed_by = $4, reviewed_at = now(),
      updated_at = now()
  WHERE id = $1
  RETURNING job_id, id, kind, review_status, review_note, reviewed_by, reviewed_at, status
), event AS (
  INSERT INTO job_events (job_id, event_type, payload)
  SELECT job_id, 'finding_reviewed',
         jsonb_build_object('finding_id', id, 'kind', kind, 'review_status', review_status, 'note', review_note,
                            'reviewed_by', reviewed_by)
  FROM reviewed
  WHERE EXISTS (SELECT 1 FROM jobs j WHERE j.job_id = reviewed.job_id)
)
SELECT * FROM reviewed;
