-- Recordings and images per job and round; round_id NULL = placed by no manifest or review (--kind recording|image)
-- $1 job_id (NULL = all jobs), $2 medium (NULL = both). without_file: metadata whose bytes are not on disk.
WITH media AS (
  SELECT job_id, round_id, 'recording' AS kind, file_path IS NULL AS no_file, bytes FROM round_recordings
  WHERE ($1::text IS NULL OR job_id = $1::text) AND ($2::text IS NULL OR $2::text = 'recording')
  UNION ALL
  SELECT job_id, round_id, 'image', file_path IS NULL, bytes FROM round_images
  WHERE ($1::text IS NULL OR job_id = $1::text) AND ($2::text IS NULL OR $2::text = 'image')
), per_round AS (
  -- Grouped before the join to jobs, and on narrow rows (no paths, no job_number): the 300k media rows sort in less memory.
  SELECT job_id, round_id, kind,
         count(*)::int AS items,
         count(*) FILTER (WHERE no_file)::int AS without_file,
         coalesce(sum(bytes), 0)::bigint AS bytes
  FROM media
  GROUP BY job_id, round_id, kind
)
SELECT m.job_id,
       j.job_number,
       m.round_id,
       m.kind,
       m.items,
       m.without_file,
       m.bytes
FROM per_round m
JOIN jobs j ON j.job_id = m.job_id
-- Natural round order (round_2 before round_15), unplaced last; round_id itself breaks the remaining ties.
ORDER BY m.job_id COLLATE "C",
         m.round_id IS NULL,
         regexp_replace(m.round_id, '[0-9]+$', '') COLLATE "C",
         nullif(substring(m.round_id FROM '[0-9]+$'), '')::numeric,
         m.round_id COLLATE "C",
         m.kind COLLATE "C"
