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
), manifest_items AS (
  SELECT r.job_id, r.round_id, item
  FROM job_rounds r JOIN archived USING (job_id)
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.manifest) = 'array' THEN r.manifest ELSE '[]' END) AS item
  WHERE jsonb_typeof(item) = 'object'
  -- jsonb_path_query_array/_first in strict, silent mode read each review and payload once (a non-object
  -- or a missing or mistyped field yields none), where CASE jsonb_typeof(x) THEN x decompressed it twice.
), recording_mentions AS (
  -- Every round that names a recording: its manifest, its review's section_recordings, the placement.
  SELECT job_id, round_id, item->>'section_id' AS section_id, item->>'artifact_id' AS recording_id
  FROM manifest_items
  WHERE lower(coalesce(item->>'kind', '')) <> 'image' AND item->>'section_id' IS DISTINCT FROM 'job_photos'
  UNION
  SELECT r.job_id, r.round_id, s.key, ids.id
  FROM job_rounds r JOIN archived USING (job_id)
  CROSS JOIN LATERAL jsonb_each(coalesce(jsonb_path_query_first(r.review, 'strict $.section_recordings ? (@.type() == "object")', '{}', true), '{}')) AS s
  CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(s.value) = 'array' THEN s.value ELSE '[]' END) AS ids(id)
  UNION
  SELECT rr.job_id, rr.round_id, rr.section_id, rr.recording_id
  FROM round_recordings rr JOIN archived USING (job_id)
  WHERE rr.round_id IS NOT NULL
), image_mentions AS (
  SELECT job_id, round_id, item->>'artifact_id' AS image_id
  FROM manifest_items
  WHERE lower(coalesce(item->>'kind', '')) = 'image' OR item->>'section_id' = 'job_photos'
  UNION
  SELECT r.job_id, r.round_id, coalesce(i->>'image_id', i->>'artifact_id', i->>'id', CASE WHEN jsonb_typeof(i) = 'string' THEN i #>> '{}' END)
  FROM job_rounds r JOIN archived USING (job_id)
  CROSS JOIN LATERAL jsonb_array_elements(jsonb_path_query_array(r.review, 'strict $.images[*]', '{}', true)) AS i
  UNION
  SELECT ri.job_id, ri.round_id, ri.image_id
  FROM round_images ri JOIN archived USING (job_id)
  WHERE ri.round_id IS NOT NULL
), reported_files AS (
  -- File names the snapshots' report_images point at ("img_4a_1.report.jpg").
  SELECT DISTINCT f.job_id, regexp_replace(p.value, '^.*/', '') AS file_name
  FROM job_finals f JOIN archived USING (job_id)
  CROSS JOIN LATERAL jsonb_array_elements(jsonb_path_query_array(f.payload, 'strict $.report_images[*]', '{}', true)) AS ri
  CROSS JOIN LATERAL (VALUES (ri->>'path'), (ri->>'stored_path')) AS p(value)
  WHERE p.value IS NOT NULL
), recordings AS (
  SELECT rr.job_id, rr.section_id, rr.recording_id,
         bool_and(EXISTS (SELECT 1 FROM pruned_rounds p WHERE p.job_id = m.job_id AND p.round_id = m.round_id)) AS only_pruned,
         bool_or(EXISTS (SELECT 1 FROM referenced x WHERE x.job_id = m.job_id AND x.round_id = m.round_id)) AS retained,
         string_agg(DISTINCT m.round_id, ', ' ORDER BY m.round_id) AS rounds
  FROM round_recordings rr
  JOIN recording_mentions m ON m.job_id = rr.job_id AND m.section_id = rr.section_id AND m.recording_id = rr.recording_id
  WHERE $1::text IS NULL OR rr.job_id = $1::text
  GROUP BY rr.job_id, rr.section_id, rr.recording_id
), images AS (
  SELECT ri.job_id, ri.image_id,
         bool_and(EXISTS (SELECT 1 FROM pruned_rounds p WHERE p.job_id = m.job_id AND p.round_id = m.round_id)) AS only_pruned,
         string_agg(DISTINCT m.round_id, ', ' ORDER BY m.round_id) AS rounds
  FROM round_images ri
  JOIN image_mentions m ON m.job_id = ri.job_id AND m.image_id = ri.image_id
  WHERE ($1::text IS NULL OR ri.job_id = $1::text)
    AND NOT EXISTS (SELECT 1 FROM reported_files r WHERE r.job_id = ri.job_id AND left(r.file_name, length(ri.image_id) + 1) = ri.image_id || '.')
  GROUP BY ri.job_id, ri.image_id
), recording_files AS (
  -- Audio and transcripts of archived jobs in one pass, hash-joined below rather than looked up per recording.
  SELECT a.job_id, a.section_id, a.media_id, a.kind, a.path, a.round_id,
         bool_or(a.kind = 'transcript_txt') OVER (PARTITION BY a.job_id, a.section_id, a.media_id) AS transcribed
  FROM artifacts a JOIN archived USING (job_id)
  WHERE a.kind IN ('audio', 'transcript_txt')
), candidates AS (
  SELECT p.job_id, 'round' AS candidate, p.round_id AS key, p.round_id, NULL::text AS artifact_kind,
         'round not referenced by the final or correction snapshot' AS reason
  FROM pruned_rounds p
  UNION ALL
  SELECT r.job_id, 'recording', r.section_id || '/' || r.recording_id, NULL, NULL,
         'recording tied only to unreferenced round(s) ' || r.rounds
  FROM recordings r WHERE r.only_pruned
  UNION ALL
  SELECT i.job_id, 'image', i.image_id, NULL, NULL,
         'image tied only to unreferenced round(s) ' || i.rounds || ', not in a snapshot''s report images'
  FROM images i WHERE i.only_pruned
  UNION ALL
  SELECT a.job_id, 'artifact', a.path, a.round_id, a.kind, 'working file of unreferenced round ' || a.round_id
  FROM artifacts a JOIN pruned_rounds p ON p.job_id = a.job_id AND p.round_id = a.round_id
  WHERE a.kind IN ('manifest_json', 'review_json')
  UNION ALL
  SELECT a.job_id, 'artifact', a.path, a.round_id, a.kind, 'file of a recording tied only to unreferenced round(s) ' || r.rounds
  FROM recording_files a JOIN recordings r ON r.job_id = a.job_id AND r.section_id = a.section_id AND r.recording_id = a.media_id
  WHERE r.only_pruned
  UNION ALL
  SELECT a.job_id, 'artifact', a.path, a.round_id, a.kind, 'file of an image tied only to unreferenced round(s) ' || i.rounds
  FROM artifacts a JOIN images i ON i.job_id = a.job_id AND i.image_id = a.media_id
  WHERE i.only_pruned AND a.section_id = 'job_photos' AND a.kind IN ('image', 'report_image')
  UNION ALL
  SELECT a.job_id, 'artifact', a.path, a.round_id, a.kind, 'raw audio of a retained round; its transcript exists'
  FROM recording_files a JOIN recordings r ON r.job_id = a.job_id AND r.section_id = a.section_id AND r.recording_id = a.media_id
  WHERE NOT r.only_pruned AND r.retained AND a.kind = 'audio' AND a.transcribed
)
SELECT job_id, candidate, key, round_id, artifact_kind, reason
FROM candidates
WHERE $2::text IS NULL OR candidate = $2::text
ORDER BY job_id, candidate, key;
