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
-- Which rounds name a medium comes from round_recordings.mentioned_in and round_images.mentioned_in,
-- planned at import from every round's manifest and review (src/import/mentions.ts): this query
-- reads no manifest or review JSON. A job's rounds are compared as two small arrays per archived job.
WITH archived AS (
  SELECT j.job_id
  FROM jobs j
  WHERE j.status = 'ARCHIVED'
    AND ($1::text IS NULL OR j.job_id = $1::text)
    AND EXISTS (SELECT 1 FROM job_finals f WHERE f.job_id = j.job_id AND f.kind = 'final')
    AND NOT EXISTS (
      SELECT 1 FROM artifacts a
      WHERE a.job_id = j.job_id AND a.kind = 'final_json' AND a.snapshot = 'correction'
        AND NOT EXISTS (SELECT 1 FROM job_finals c WHERE c.job_id = j.job_id AND c.kind = 'correction'))
), referenced AS (
  -- The rounds the final and the correction were made from.
  SELECT DISTINCT f.job_id, f.round_id
  FROM job_finals f JOIN archived USING (job_id)
  WHERE f.round_id IS NOT NULL
), pruned_rounds AS (
  SELECT r.job_id, r.round_id
  FROM job_rounds r JOIN archived USING (job_id)
  WHERE NOT EXISTS (SELECT 1 FROM referenced x WHERE x.job_id = r.job_id AND x.round_id = r.round_id)
), rounds_of AS (
  -- Per archived job: its referenced rounds and its unreferenced (prunable) rounds.
  SELECT a.job_id, coalesce(x.rounds, '{}') AS referenced, coalesce(p.rounds, '{}') AS pruned
  FROM archived a
  LEFT JOIN (SELECT job_id, array_agg(round_id) AS rounds FROM referenced GROUP BY job_id) x USING (job_id)
  LEFT JOIN (SELECT job_id, array_agg(round_id) AS rounds FROM pruned_rounds GROUP BY job_id) p USING (job_id)
), reported_files AS (
  -- File names the snapshots' report_images point at ("img_4a_1.report.jpg").
  SELECT DISTINCT f.job_id, regexp_replace(p.value, '^.*/', '') AS file_name
  FROM job_finals f JOIN archived USING (job_id)
  CROSS JOIN LATERAL jsonb_array_elements(jsonb_path_query_array(f.payload, 'strict $.report_images[*]', '{}', true)) AS ri
  CROSS JOIN LATERAL (VALUES (ri->>'path'), (ri->>'stored_path')) AS p(value)
  WHERE p.value IS NOT NULL
), recordings AS (
  -- only_pruned: every round naming it is unreferenced; retained: a referenced round names it.
  SELECT rr.job_id, rr.section_id, rr.recording_id, rr.transcript_path IS NOT NULL AS transcribed,
         rr.mentioned_in <@ o.pruned AS only_pruned,
         rr.mentioned_in && o.referenced AS retained,
         rr.mentioned_in
  FROM round_recordings rr JOIN rounds_of o USING (job_id)
  WHERE cardinality(rr.mentioned_in) > 0
), images AS (
  SELECT ri.job_id, ri.image_id, ri.mentioned_in
  FROM round_images ri JOIN rounds_of o USING (job_id)
  WHERE cardinality(ri.mentioned_in) > 0 AND ri.mentioned_in <@ o.pruned
    AND NOT EXISTS (SELECT 1 FROM reported_files r WHERE r.job_id = ri.job_id AND left(r.file_name, length(ri.image_id) + 1) = ri.image_id || '.')
), prunable AS (
  -- The recordings and images that go, with their rounds as one sorted list for the reason.
  SELECT r.job_id, 'recording' AS candidate, r.section_id, r.recording_id AS media_id,
         (SELECT string_agg(m, ', ' ORDER BY m) FROM unnest(r.mentioned_in) AS m) AS rounds
  FROM recordings r WHERE r.only_pruned
  UNION ALL
  SELECT i.job_id, 'image', 'job_photos', i.image_id,
         (SELECT string_agg(m, ', ' ORDER BY m) FROM unnest(i.mentioned_in) AS m)
  FROM images i
), owners AS (
  -- Whose files go: the recordings and images that go, and the retained, transcribed recordings
  -- whose raw audio goes.
  SELECT job_id, candidate, section_id, media_id, rounds FROM prunable
  UNION ALL
  SELECT job_id, 'raw audio', section_id, recording_id, NULL
  FROM recordings WHERE retained AND NOT only_pruned AND transcribed
), owned_files AS (
  -- The files of the owners above, each kind only for its own kind of owner: one pass over the media artifacts.
  SELECT a.job_id, a.path, a.round_id, a.kind,
         CASE WHEN o.candidate = 'recording' AND a.kind IN ('audio', 'transcript_txt') THEN
                'file of a recording tied only to unreferenced round(s) ' || o.rounds
              WHEN o.candidate = 'image' AND a.kind IN ('image', 'report_image') THEN
                'file of an image tied only to unreferenced round(s) ' || o.rounds
              WHEN o.candidate = 'raw audio' AND a.kind = 'audio' THEN
                'raw audio of a retained round; its transcript exists' END AS reason
  FROM artifacts a JOIN owners o ON o.job_id = a.job_id AND o.section_id = a.section_id AND o.media_id = a.media_id
  WHERE a.kind IN ('audio', 'transcript_txt', 'image', 'report_image')
), candidates AS (
  SELECT p.job_id, 'round' AS candidate, p.round_id AS key, p.round_id, NULL::text AS artifact_kind,
         'round not referenced by the final or correction snapshot' AS reason
  FROM pruned_rounds p
  UNION ALL
  SELECT m.job_id, m.candidate, CASE m.candidate WHEN 'recording' THEN m.section_id || '/' || m.media_id ELSE m.media_id END, NULL, NULL,
         CASE m.candidate WHEN 'recording' THEN 'recording tied only to unreferenced round(s) ' || m.rounds
              ELSE 'image tied only to unreferenced round(s) ' || m.rounds || ', not in a snapshot''s report images' END
  FROM prunable m
  UNION ALL
  SELECT a.job_id, 'artifact', a.path, a.round_id, a.kind, 'working file of unreferenced round ' || a.round_id
  FROM artifacts a JOIN pruned_rounds p ON p.job_id = a.job_id AND p.round_id = a.round_id
  WHERE a.kind IN ('manifest_json', 'review_json')
  UNION ALL
  SELECT f.job_id, 'artifact', f.path, f.round_id, f.kind, f.reason
  FROM owned_files f WHERE f.reason IS NOT NULL
)
SELECT job_id, candidate, key, round_id, artifact_kind, reason
FROM candidates
WHERE $2::text IS NULL OR candidate = $2::text
ORDER BY job_id, candidate, key;
