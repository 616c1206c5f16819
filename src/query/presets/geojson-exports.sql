-- Stored GeoJSON exports: geometry, job number and user as exported, and whether a geojson_drift finding is open (--kind final|correction; --snapshot current|final|correction)
-- $1 job_id (NULL = all jobs), $2 snapshot kind (NULL = both), $3 snapshot choice (NULL = both; current =
-- the correction of a corrected job, else its final).
-- The fields read from the export are job_geojson_exports' generated columns
-- (schema/007_preset_projections.sql): no row's compressed payload is decompressed here.
SELECT g.job_id,
       j.job_number,
       g.kind,
       g.geometry_type,
       g.longitude,
       g.latitude,
       g.exported_job_number,
       g.exported_user_name,
       g.image_count AS images,
       EXISTS (SELECT 1 FROM reconciliation r
               WHERE r.job_id = g.job_id AND r.kind = 'geojson_drift' AND r.status = 'open'
                 AND r.source_values ->> 'snapshot' = g.kind) AS drift_open,
       g.source_path,
       g.payload_sha256
FROM job_geojson_exports g
JOIN jobs j ON j.job_id = g.job_id
WHERE ($1::text IS NULL OR g.job_id = $1::text)
  AND ($2::text IS NULL OR g.kind = $2::text)
  AND ($3::text IS NULL OR g.kind = $3::text
       OR ($3::text = 'current' AND (g.kind = 'correction' OR NOT EXISTS (
             SELECT 1 FROM job_finals c WHERE c.job_id = g.job_id AND c.kind = 'correction'))))
ORDER BY g.job_id COLLATE "C", g.kind = 'correction'
