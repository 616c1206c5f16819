-- The artifact row of one job's image, by image id: the path the app opens comes from here, never
-- from the request. $1 job_id, $2 image_id.
SELECT a.path, a.kind, a.size
FROM round_images i
JOIN artifacts a ON a.job_id = i.job_id AND a.path = i.file_path
WHERE i.job_id = $1 AND i.image_id = $2;
