-- Stored GeoJSON exports: geometry, job number and user as exported, and whether a geojson_drift finding is open (--kind final|correction)
-- $1 job_id (NULL = all jobs), $2 snapshot kind (NULL = both).
SELECT g.job_id,
       j.job_number,
       g.kind,
       g.payload #>> '{features,0,geometry,type}' AS geometry_type,
       CASE WHEN jsonb_typeof(g.payload #> '{features,0,geometry,coordinates,0}') = 'number'
            THEN (g.payload #>> '{features,0,geometry,coordinates,0}')::double precision END AS longitude,
       CASE WHEN jsonb_typeof(g.payload #> '{features,0,geometry,coordinates,1}') = 'number'
            THEN (g.payload #>> '{features,0,geometry,coordinates,1}')::double precision END AS latitude,
       g.payload #>> '{features,0,properties,job_number}' AS exported_job_number,
       g.payload #>> '{features,0,properties,user_name}' AS exported_user_name,
       CASE WHEN jsonb_typeof(g.payload #> '{features,0,properties,images}') = 'array'
            THEN jsonb_array_length(g.payload #> '{features,0,properties,images}') ELSE 0 END AS images,
       EXISTS (SELECT 1 FROM reconciliation r
               WHERE r.job_id = g.job_id AND r.kind = 'geojson_drift' AND r.status = 'open'
                 AND r.source_values ->> 'snapshot' = g.kind) AS drift_open,
       g.source_path,
       g.payload_sha256
FROM job_geojson_exports g
JOIN jobs j ON j.job_id = g.job_id
WHERE ($1::text IS NULL OR g.job_id = $1::text)
  AND ($2::text IS NULL OR g.kind = $2::text)
ORDER BY g.job_id COLLATE "C", g.kind = 'correction'
