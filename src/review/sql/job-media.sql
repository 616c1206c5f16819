-- One job's rounds, and the recordings and images placed in each (round_id null: placed in none).
-- $1 job_id. One row per round or medium; the app groups them.
SELECT r.round_id, r.status, r.manifest_items, NULL::text AS medium, NULL::text AS media_id,
       NULL::text AS section_id, NULL::text AS file_path, NULL::text AS detail, false AS servable
FROM job_rounds r WHERE r.job_id = $1
UNION ALL
SELECT m.round_id, NULL, NULL, 'recording', m.recording_id, m.section_id, m.file_path,
       concat_ws(', ', m.content_type, round(m.duration_ms / 1000.0, 1) || ' s'), false
FROM round_recordings m WHERE m.job_id = $1
UNION ALL
SELECT i.round_id, NULL, NULL, 'image', i.image_id, i.section_id, i.file_path, i.caption,
       EXISTS (SELECT 1 FROM artifacts a WHERE a.job_id = i.job_id AND a.path = i.file_path)
FROM round_images i WHERE i.job_id = $1;
