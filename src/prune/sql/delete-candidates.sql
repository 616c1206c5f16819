-- Remove one job's pruned rows. Only working kinds can go: whatever the list says, retained outputs,
-- job_finals, jobs and job_events are not touched here. $1 job_id, $2 round ids,
-- $3 "<section_id>/<recording_id>" keys, $4 image ids, $5 artifact paths.
WITH rounds AS (
  DELETE FROM job_rounds WHERE job_id = $1 AND round_id = ANY ($2::text[]) RETURNING round_id
), recordings AS (
  DELETE FROM round_recordings WHERE job_id = $1 AND section_id || '/' || recording_id = ANY ($3::text[])
  RETURNING section_id || '/' || recording_id AS key
), images AS (
  DELETE FROM round_images WHERE job_id = $1 AND image_id = ANY ($4::text[]) RETURNING image_id
), files AS (
  DELETE FROM artifacts WHERE job_id = $1 AND path = ANY ($5::text[])
    AND kind IN ('audio', 'transcript_txt', 'image', 'report_image', 'review_json', 'manifest_json')
  RETURNING path, kind
)
SELECT (SELECT coalesce(jsonb_agg(round_id ORDER BY round_id), '[]') FROM rounds) AS rounds,
       (SELECT coalesce(jsonb_agg(key ORDER BY key), '[]') FROM recordings) AS recordings,
       (SELECT coalesce(jsonb_agg(image_id ORDER BY image_id), '[]') FROM images) AS images,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('path', path, 'kind', kind) ORDER BY path),
         '[]') FROM files) AS artifacts;
