-- Recordings and images per job and round; round_id NULL = placed by no manifest or review (--kind recording|image)
-- $1 job_id (NULL = all jobs), $2 medium (NULL = both). without_file: metadata whose bytes are not on disk.
-- Each table is grouped on its own, before the join to jobs and on narrow rows (no paths, no
-- job_number): two hash tables keyed by (job, round) instead of one over the 320k media rows with
-- the kind as a third key.
WITH per_round AS (
  SELECT job_id, round_id, 'recording' AS kind,
         count(*)::int AS items,
         count(*) FILTER (WHERE file_path IS NULL)::int AS without_file,
         coalesce(sum(bytes), 0)::bigint AS bytes
  FROM round_recordings
  WHERE ($1::text IS NULL OR job_id = $1::text) AND ($2::text IS NULL OR $2::text = 'recording')
  GROUP BY job_id, round_id
  UNION ALL
  SELECT job_id, round_id, 'image',
         count(*)::int,
         count(*) FILTER (WHERE file_path IS NULL)::int,
         coalesce(sum(bytes), 0)::bigint
  FROM round_images
  WHERE ($1::text IS NULL OR job_id = $1::text) AND ($2::text IS NULL OR $2::text = 'image')
  GROUP BY job_id, round_id
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
-- Natural round order (round_2 before round_15), unplaced last; round_id itself breaks the remaining
-- ties. The name and number parts are split with rtrim on the trailing digits, which is what the
-- regular expressions '[0-9]+$' matched, at a fraction of their cost on 77,000 rows.
ORDER BY m.job_id COLLATE "C",
         m.round_id IS NULL,
         rtrim(m.round_id, '0123456789') COLLATE "C",
         nullif(substr(m.round_id, length(rtrim(m.round_id, '0123456789')) + 1), '')::numeric,
         m.round_id COLLATE "C",
         m.kind COLLATE "C"
