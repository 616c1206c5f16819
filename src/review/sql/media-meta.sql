-- A medium's .meta.json as imported (a table row, not an artifact), by the ids its path names:
-- $1 job_id, $2 section_id, $3 'recordings' or 'images', $4 recording or image id.
SELECT meta FROM round_recordings
WHERE $3 = 'recordings' AND job_id = $1 AND section_id = $2 AND recording_id = $4
UNION ALL
SELECT meta FROM round_images
WHERE $3 = 'images' AND job_id = $1 AND section_id = $2 AND image_id = $4
LIMIT 1;
