-- Recordings and images per job and round; round_id NULL = placed by no manifest or review (--kind recording|image)
-- $1 job_id (NULL = all jobs), $2 medium (NULL = both). without_file: metadata whose bytes are not on disk.
-- One job at a time in output order (jobs_job_id_c_idx, schema/008): each job's recordings and
-- images are grouped by round from their (job_id, round_id) indexes, so rows stream from the first
-- job on and --job reads one job.
SELECT j.job_id,
       j.job_number,
       m.round_id,
       m.kind,
       m.items,
       m.without_file,
       m.bytes
FROM jobs j
CROSS JOIN LATERAL (
  SELECT round_id, 'recording' AS kind,
         count(*)::int AS items,
         count(*) FILTER (WHERE file_path IS NULL)::int AS without_file,
         coalesce(sum(bytes), 0)::bigint AS bytes
  FROM round_recordings
  WHERE job_id = j.job_id AND ($2::text IS NULL OR $2::text = 'recording')
  GROUP BY round_id
  UNION ALL
  SELECT round_id, 'image',
         count(*)::int,
         count(*) FILTER (WHERE file_path IS NULL)::int,
         coalesce(sum(bytes), 0)::bigint
  FROM round_images
  WHERE job_id = j.job_id AND ($2::text IS NULL OR $2::text = 'image')
  GROUP BY round_id
) m
WHERE $1::text IS NULL OR j.job_id = $1::text
-- Natural round order (round_2 before round_15), unplaced last; round_id itself breaks the remaining
-- ties. The name and number parts are split with rtrim on the trailing digits, which is what the
-- regular expressions '[0-9]+$' matched, at a fraction of their cost on 77,000 rows.
ORDER BY j.job_id COLLATE "C",
         m.round_id IS NULL,
         rtrim(m.round_id, '0123456789') COLLATE "C",
         nullif(substr(m.round_id, length(rtrim(m.round_id, '0123456789')) + 1), '')::numeric,
         m.round_id COLLATE "C",
         m.kind COLLATE "C"
