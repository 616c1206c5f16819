-- The reporting row per archived job from job_finals.payload (correction if any, else final); customer and billing from the normalized tables (--kind final|correction)
-- $1 job_id (NULL = all jobs), $2 snapshot kind used (NULL = either). Payload fields of an unexpected JSON type read as NULL.
WITH chosen AS (
  SELECT DISTINCT ON (f.job_id) f.job_id, f.kind
  FROM job_finals f
  WHERE $1::text IS NULL OR f.job_id = $1::text
  ORDER BY f.job_id, f.kind = 'correction' DESC
), snapshot AS (
  -- The payload is stored compressed: d.payload is it decompressed once (jsonb_path_query_first '$'
  -- returns a copy; OFFSET 0 keeps it a value), where every "f.payload ->" below would decompress it again.
  SELECT f.job_id, f.kind, f.archived_at, f.user_name, f.operator_id, d.payload, d.payload #> '{form,data}' AS form
  FROM chosen JOIN job_finals f USING (job_id, kind)
  CROSS JOIN LATERAL (SELECT jsonb_path_query_first(f.payload, '$') AS payload OFFSET 0) d
)
SELECT s.job_id,
       j.job_number,
       s.kind AS snapshot,
       s.user_name AS assessor,
       o.code AS operator_code,
       c.code AS customer_code,
       c.name AS customer,
       b.code AS billing_code,
       b.billing_name,
       b.billing_address,
       b.billing_contact_name,
       t.code AS tree_code,
       s.form #>> '{client_tree_details,tree_number}' AS tree_number,
       s.form #>> '{client_tree_details,tree_species}' AS tree_species,
       CASE jsonb_typeof(s.form -> 'overall_tree_risk_rating')
         WHEN 'string' THEN s.form ->> 'overall_tree_risk_rating'
         WHEN 'object' THEN s.form #>> '{overall_tree_risk_rating,rating}' END AS risk_rating,
       CASE jsonb_typeof(s.form -> 'overall_residual_risk')
         WHEN 'string' THEN s.form ->> 'overall_residual_risk'
         WHEN 'object' THEN coalesce(s.form #>> '{overall_residual_risk,rating}', s.form #>> '{overall_residual_risk,text}') END AS residual_risk,
       CASE jsonb_typeof(s.form -> 'recommended_inspection_interval')
         WHEN 'string' THEN s.form ->> 'recommended_inspection_interval'
         WHEN 'object' THEN s.form #>> '{recommended_inspection_interval,text}' END AS inspection_interval,
       CASE WHEN jsonb_typeof(s.form #> '{client_tree_details,gps,latitude}') = 'number'
            THEN (s.form #>> '{client_tree_details,gps,latitude}')::double precision END AS latitude,
       CASE WHEN jsonb_typeof(s.form #> '{client_tree_details,gps,longitude}') = 'number'
            THEN (s.form #>> '{client_tree_details,gps,longitude}')::double precision END AS longitude,
       CASE WHEN jsonb_typeof(s.payload -> 'transcript') = 'string' THEN length(s.payload ->> 'transcript') ELSE 0 END AS transcript_chars,
       CASE WHEN jsonb_typeof(s.payload -> 'report_images') = 'array' THEN jsonb_array_length(s.payload -> 'report_images') ELSE 0 END AS report_images,
       s.archived_at
FROM snapshot s
JOIN jobs j ON j.job_id = s.job_id
LEFT JOIN operators o ON o.id = s.operator_id
LEFT JOIN customers c ON c.id = j.customer_id
LEFT JOIN billing_profiles b ON b.id = j.billing_profile_id
LEFT JOIN trees t ON t.id = j.tree_id
WHERE $2::text IS NULL OR s.kind = $2::text
ORDER BY s.job_id COLLATE "C"
