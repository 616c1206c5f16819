-- What the database holds for the given job folders, in verify's count names (src/verify/counts.ts).
-- $1 job ids (text[]).
SELECT job_id, 'job' AS count_name, 1 AS n FROM jobs WHERE job_id = ANY ($1::text[])
UNION ALL
SELECT job_id, 'rounds', count(*)::int FROM job_rounds WHERE job_id = ANY ($1::text[]) GROUP BY job_id
UNION ALL
SELECT job_id, 'recordings', count(*)::int FROM round_recordings WHERE job_id = ANY ($1::text[]) GROUP BY
  job_id
UNION ALL
SELECT job_id, 'images', count(*)::int FROM round_images WHERE job_id = ANY ($1::text[]) GROUP BY job_id
UNION ALL
SELECT job_id, CASE kind WHEN 'final' THEN 'finals' ELSE 'corrections' END, count(*)::int
FROM job_finals WHERE job_id = ANY ($1::text[]) GROUP BY job_id, kind
UNION ALL
SELECT job_id, 'artifacts ' || kind, count(*)::int FROM artifacts WHERE job_id = ANY ($1::text[]) GROUP BY
  job_id, kind
