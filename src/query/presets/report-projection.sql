-- The reporting row per archived job from job_finals.payload (--snapshot current: the correction if any, else the final; final; correction); customer and billing from the normalized tables (--kind final|correction)
-- $1 job_id (NULL = all jobs), $2 snapshot kind used (NULL = either), $3 snapshot choice (NULL = current):
-- final projects the original final even of a corrected job, correction only corrected jobs.
-- Payload fields of an unexpected JSON type read as NULL.
-- The projected fields are job_finals' generated columns (schema/007_preset_projections.sql): the
-- payload is never read here, so no row's compressed payload is decompressed.
-- The snapshot is chosen and projected in one pass over job_finals (no join back to it by key, which
-- the planner estimated at a hundred rows and answered with 16,000 index lookups per joined table).
WITH chosen AS (
  SELECT DISTINCT ON (f.job_id) f.job_id, f.kind, f.user_name, f.operator_id, f.tree_number, f.tree_species,
         f.risk_rating, f.residual_risk, f.inspection_interval, f.latitude, f.longitude, f.transcript_chars,
         f.report_image_count, f.archived_at
  FROM job_finals f
  WHERE ($1::text IS NULL OR f.job_id = $1::text)
    AND coalesce($3::text, 'current') IN ('current', f.kind)
  ORDER BY f.job_id, f.kind = 'correction' DESC
)
SELECT f.job_id,
       j.job_number,
       f.kind AS snapshot,
       f.user_name AS assessor,
       o.code AS operator_code,
       c.code AS customer_code,
       c.name AS customer,
       b.code AS billing_code,
       b.billing_name,
       b.billing_address,
       b.billing_contact_name,
       t.code AS tree_code,
       f.tree_number,
       f.tree_species,
       f.risk_rating,
       f.residual_risk,
       f.inspection_interval,
       f.latitude,
       f.longitude,
       f.transcript_chars,
       f.report_image_count AS report_images,
       f.archived_at
FROM chosen f
JOIN jobs j ON j.job_id = f.job_id
LEFT JOIN operators o ON o.id = f.operator_id
LEFT JOIN customers c ON c.id = j.customer_id
LEFT JOIN billing_profiles b ON b.id = j.billing_profile_id
LEFT JOIN trees t ON t.id = j.tree_id
WHERE $2::text IS NULL OR f.kind = $2::text
ORDER BY f.job_id COLLATE "C"
