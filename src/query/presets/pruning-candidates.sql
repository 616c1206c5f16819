-- Prune candidates of archived jobs (LEGACY_LAYOUT.md Retention), with the reason for each; jobmig prune adds the disk checks
-- $1::text job id (NULL = all), $2::text candidate kind: round, recording, image or artifact (NULL = all).
-- Database side only. "Snapshots intact" here means: the job is ARCHIVED, its final row exists, and a
-- correction file it has on record has its correction row. Whether the snapshot JSON on disk still
-- hashes to the stored payload and the retained files are present is checked by jobmig prune
-- (src/prune/), which refuses the job otherwise.
--
-- Retained (never listed): jobs, job_finals, job_events, the rounds a snapshot was made from, every
-- final/correction JSON, PDF, DOCX and GeoJSON, report images, transcript text of recordings tied to a
-- retained round, media a snapshot reports, and anything unplaced (tied to no round at all).
--
-- One job at a time, in output order (jobs_job_id_c_idx, schema/008): each step below is a lateral
-- lookup by the job's key, so rows stream from the first job on instead of after a sort of every
-- candidate of the store. Which rounds
-- name a medium is round_recordings.mentioned_in and round_images.mentioned_in, planned at import
-- from every round's manifest and review (src/model/mentions.ts): no manifest or review JSON is read.
SELECT j.job_id, c.candidate, c.key, c.round_id, c.artifact_kind, c.reason
FROM jobs j
CROSS JOIN LATERAL (
  -- The rounds the final and the correction were made from.
  SELECT coalesce(array_agg(DISTINCT f.round_id) FILTER (WHERE f.round_id IS NOT NULL), '{}') AS referenced
  FROM job_finals f WHERE f.job_id = j.job_id
) fin
CROSS JOIN LATERAL (
  SELECT coalesce(array_agg(r.round_id ORDER BY r.round_id), '{}') AS pruned
  FROM job_rounds r WHERE r.job_id = j.job_id AND r.round_id <> ALL (fin.referenced)
) pr
CROSS JOIN LATERAL (
  -- Recordings every round naming which is unreferenced, and retained, transcribed recordings
  -- (their raw audio goes); keys "<section_id>/<recording_id>", with the naming rounds for the reason.
  SELECT coalesce(array_agg(rr.section_id || '/' || rr.recording_id)
    FILTER (WHERE rr.mentioned_in <@ pr.pruned), '{}') AS gone,
         coalesce(array_agg(array_to_string(ARRAY(SELECT m FROM unnest(rr.mentioned_in) AS m ORDER BY m),
           ', '))
                    FILTER (WHERE rr.mentioned_in <@ pr.pruned), '{}') AS gone_rounds,
         coalesce(array_agg(rr.section_id || '/' || rr.recording_id)
                    FILTER (WHERE NOT rr.mentioned_in <@ pr.pruned AND rr.mentioned_in && fin.referenced
                      AND rr.transcript_path IS NOT NULL), '{}') AS raw_audio
  FROM round_recordings rr
  WHERE rr.job_id = j.job_id AND cardinality(rr.mentioned_in) > 0
) rec
CROSS JOIN LATERAL (
  -- Images every round naming which is unreferenced, unless a snapshot reports them ("img_4a_1.report.jpg").
  SELECT coalesce(array_agg(ri.image_id), '{}') AS gone,
         coalesce(array_agg(array_to_string(ARRAY(SELECT m FROM unnest(ri.mentioned_in) AS m ORDER BY m),
           ', ')), '{}') AS gone_rounds
  FROM round_images ri
  WHERE ri.job_id = j.job_id AND cardinality(ri.mentioned_in) > 0 AND ri.mentioned_in <@ pr.pruned
    AND NOT EXISTS (
      SELECT 1 FROM job_finals f
      CROSS JOIN LATERAL jsonb_array_elements(jsonb_path_query_array(f.payload, 'strict $.report_images[*]',
        '{}', true)) AS rep
      CROSS JOIN LATERAL (VALUES (rep->>'path'), (rep->>'stored_path')) AS p(value)
      WHERE f.job_id = j.job_id AND left(regexp_replace(p.value, '^.*/', ''),
        length(ri.image_id) + 1) = ri.image_id || '.')
) img
CROSS JOIN LATERAL (
  SELECT 'round' AS candidate, r AS key, r AS round_id, NULL::text AS artifact_kind,
         'round not referenced by the final or correction snapshot' AS reason
  FROM unnest(pr.pruned) AS r
  UNION ALL
  SELECT 'recording', g.key, NULL, NULL, 'recording tied only to unreferenced round(s) ' || g.rounds
  FROM unnest(rec.gone, rec.gone_rounds) AS g(key, rounds)
  UNION ALL
  SELECT 'image', g.key, NULL, NULL, 'image tied only to unreferenced round(s) ' || g.rounds ||
    ', not in a snapshot''s report images'
  FROM unnest(img.gone, img.gone_rounds) AS g(key, rounds)
  UNION ALL
  SELECT 'artifact', a.path, a.round_id, a.kind, reason
  FROM artifacts a
  CROSS JOIN LATERAL (SELECT
    CASE WHEN a.kind IN ('manifest_json', 'review_json') THEN
           CASE WHEN a.round_id = ANY (pr.pruned) THEN 'working file of unreferenced round ' || a.round_id END
         WHEN a.kind IN ('audio', 'transcript_txt') THEN
           CASE WHEN a.section_id || '/' || a.media_id = ANY (rec.gone) THEN
                  'file of a recording tied only to unreferenced round(s) '
                    || rec.gone_rounds[array_position(rec.gone, a.section_id || '/' || a.media_id)]
                WHEN a.kind = 'audio' AND a.section_id || '/' || a.media_id = ANY (rec.raw_audio) THEN
                  'raw audio of a retained round; its transcript exists' END
         WHEN a.kind IN ('image', 'report_image') AND a.section_id = 'job_photos' AND a.media_id = ANY
           (img.gone) THEN
           'file of an image tied only to unreferenced round(s) ' || img.gone_rounds[array_position(img.gone,
             a.media_id)]
    END AS reason) AS why
  WHERE a.job_id = j.job_id AND why.reason IS NOT NULL
) c
WHERE j.status = 'ARCHIVED'
  AND ($1::text IS NULL OR j.job_id = $1::text)
  AND ($2::text IS NULL OR c.candidate = $2::text)
  AND EXISTS (SELECT 1 FROM job_finals f WHERE f.job_id = j.job_id AND f.kind = 'final')
  -- The layout has one name for a correction snapshot (src/legacy/layout.ts): looked up by key.
  AND NOT EXISTS (
    SELECT 1 FROM artifacts a
    WHERE a.job_id = j.job_id AND a.path = j.job_id || '/final_correction.json'
      AND a.kind = 'final_json' AND a.snapshot = 'correction'
      AND NOT EXISTS (SELECT 1 FROM job_finals c WHERE c.job_id = j.job_id AND c.kind = 'correction'))
ORDER BY j.job_id COLLATE "C", c.candidate COLLATE "C", c.key COLLATE "C";
