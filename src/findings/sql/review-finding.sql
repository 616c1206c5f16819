-- Record one reviewer decision on every matching finding (matching-findings.sql, $1-$6), and for each
-- a finding_reviewed event in its job's audit trail. $7 new review status (open, acknowledged,
-- resolved), $8 note (null keeps the old one), $9 reviewer, $10 how it was decided (cli, web, csv).
-- It continues the WITH of matching-findings.sql, hence the leading comma.
, reviewed AS (
  UPDATE reconciliation r
  SET review_status = $7, review_note = coalesce($8, r.review_note), reviewed_by = $9, reviewed_at = now(),
      updated_at = now()
  FROM matching m
  WHERE r.job_id = m.job_id AND r.id = m.id
  RETURNING r.job_id, r.id, r.kind, r.review_status, r.review_note, r.reviewed_by
), event AS (
  INSERT INTO job_events (job_id, event_type, payload)
  SELECT job_id, 'finding_reviewed',
         jsonb_build_object('finding_id', id, 'kind', kind, 'review_status', review_status,
                            'note', review_note, 'reviewed_by', reviewed_by, 'via', $10::text)
  FROM reviewed
  WHERE EXISTS (SELECT 1 FROM jobs j WHERE j.job_id = reviewed.job_id)
)
SELECT job_id, id FROM reviewed;
