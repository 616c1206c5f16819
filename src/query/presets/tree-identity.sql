-- How each job's customer and tree number, as written, map to customer and tree identities (--kind identified|unidentified)
-- $1 job_id (NULL = all jobs), $2 identified (the job has a tree identity) or unidentified (NULL = both).
WITH tree_jobs AS (
  SELECT tree_id, count(*)::int AS jobs FROM jobs WHERE tree_id IS NOT NULL GROUP BY tree_id
)
SELECT j.job_id,
       j.job_number,
       j.customer_name AS customer_as_written,
       j.tree_number AS tree_number_as_written,
       c.code AS customer_code,
       c.name AS customer,
       t.code AS tree_code,
       t.tree_key,
       t.tree_number_raw AS tree_first_spelling,
       coalesce(tj.jobs, 0) AS jobs_on_tree
FROM jobs j
LEFT JOIN customers c ON c.id = j.customer_id
LEFT JOIN trees t ON t.id = j.tree_id
LEFT JOIN tree_jobs tj ON tj.tree_id = j.tree_id
WHERE ($1::text IS NULL OR j.job_id = $1::text)
  AND ($2::text IS NULL OR $2::text = CASE WHEN j.tree_id IS NULL THEN 'unidentified' ELSE 'identified' END)
ORDER BY j.customer_id NULLS LAST, j.tree_id NULLS LAST, j.job_id COLLATE "C"
