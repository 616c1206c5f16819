-- The one statement that records reviewers' decisions, and the one place a finding_reviewed event
-- (a finding_events row) is built: every decision (one finding, a filter, a group, a selection, a CSV)
-- and every undo comes here. The caller holds the rows' locks (store.ts).
-- $1 finding ids, $2 review statuses (open, acknowledged, resolved), $3 notes (null: no note), all of
-- one length; $4 who decides, $5 how (cli, web, csv, undo), $6 the batch (null: a single decision);
-- $7 restore (an undo): the findings get $8 reviewers and $9 review times back instead of $4 and now().
-- A finding whose status and note are already the ones decided is left alone: no change, no event.
WITH decision AS (
  SELECT *
  FROM unnest($1::text[], $2::text[], $3::text[], $8::text[], $9::timestamptz[])
         AS d (id, review_status, note, restore_by, restore_at)
), changed AS (
  SELECT r.job_id, r.id, r.kind, d.review_status, d.note, d.restore_by, d.restore_at,
         r.review_status AS previous_status, r.review_note AS previous_note,
         r.reviewed_by AS previous_reviewed_by, r.reviewed_at AS previous_reviewed_at
  FROM reconciliation r
  JOIN decision d ON d.id = r.id
  WHERE (r.review_status, r.review_note) IS DISTINCT FROM (d.review_status, d.note)
), reviewed AS (
  UPDATE reconciliation r
  SET review_status = c.review_status, review_note = c.note,
      reviewed_by = CASE WHEN $7::boolean THEN c.restore_by ELSE $4 END,
      reviewed_at = CASE WHEN $7::boolean THEN c.restore_at ELSE now() END, updated_at = now()
  FROM changed c
  WHERE r.job_id = c.job_id AND r.id = c.id
  RETURNING r.job_id, r.id
), event AS (
  INSERT INTO finding_events (job_id, finding_id, kind, batch_id, review_status, note, reviewed_by, via,
                              previous_status, previous_note, previous_reviewed_by, previous_reviewed_at)
  SELECT job_id, id, kind, $6, review_status, note, $4, $5,
         previous_status, previous_note, previous_reviewed_by, previous_reviewed_at
  FROM changed
)
SELECT job_id, id FROM reviewed;
