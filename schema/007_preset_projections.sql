-- What the query presets read from the snapshot and GeoJSON payloads, kept beside them as stored
-- generated columns. The payloads are big and stored compressed (TOAST): a preset that reads fields
-- out of them decompresses every row's payload on every run (report-projection and geojson-exports
-- spent most of their second doing that on 20,000 jobs). Presets must not decompress payloads per
-- row; the decompression is paid once, when a row is written, where PostgreSQL keeps these columns
-- in step with the payload by itself (import, correction set, regenerate, a hand-made UPDATE).
--
-- Each expression is the one the preset used on the payload before this file, unchanged, so the
-- preset's output is unchanged: (payload #> '{form,data}') is report-projection's "form", and a field
-- of an unexpected JSON type still reads as NULL (or 0 for the counts). All functions used are
-- IMMUTABLE, as generated columns require. Adding them rewrites both tables once.

ALTER TABLE job_finals
  ADD COLUMN tree_number text GENERATED ALWAYS AS (
    (payload #> '{form,data}') #>> '{client_tree_details,tree_number}') STORED,
  ADD COLUMN tree_species text GENERATED ALWAYS AS (
    (payload #> '{form,data}') #>> '{client_tree_details,tree_species}') STORED,
  ADD COLUMN risk_rating text GENERATED ALWAYS AS (
    CASE jsonb_typeof((payload #> '{form,data}') -> 'overall_tree_risk_rating')
      WHEN 'string' THEN (payload #> '{form,data}') ->> 'overall_tree_risk_rating'
      WHEN 'object' THEN (payload #> '{form,data}') #>> '{overall_tree_risk_rating,rating}' END) STORED,
  ADD COLUMN residual_risk text GENERATED ALWAYS AS (
    CASE jsonb_typeof((payload #> '{form,data}') -> 'overall_residual_risk')
      WHEN 'string' THEN (payload #> '{form,data}') ->> 'overall_residual_risk'
      WHEN 'object' THEN coalesce((payload #> '{form,data}') #>> '{overall_residual_risk,rating}',
                                  (payload #> '{form,data}') #>> '{overall_residual_risk,text}') END) STORED,
  ADD COLUMN inspection_interval text GENERATED ALWAYS AS (
    CASE jsonb_typeof((payload #> '{form,data}') -> 'recommended_inspection_interval')
      WHEN 'string' THEN (payload #> '{form,data}') ->> 'recommended_inspection_interval'
      WHEN 'object' THEN (payload #> '{form,data}') #>> '{recommended_inspection_interval,text}' END) STORED,
  ADD COLUMN latitude double precision GENERATED ALWAYS AS (
    CASE WHEN jsonb_typeof((payload #> '{form,data}') #> '{client_tree_details,gps,latitude}') = 'number'
         THEN ((payload #> '{form,data}') #>> '{client_tree_details,gps,latitude}')::double precision END) STORED,
  ADD COLUMN longitude double precision GENERATED ALWAYS AS (
    CASE WHEN jsonb_typeof((payload #> '{form,data}') #> '{client_tree_details,gps,longitude}') = 'number'
         THEN ((payload #> '{form,data}') #>> '{client_tree_details,gps,longitude}')::double precision END) STORED,
  ADD COLUMN transcript_chars integer GENERATED ALWAYS AS (
    CASE WHEN jsonb_typeof(payload -> 'transcript') = 'string' THEN length(payload ->> 'transcript') ELSE 0 END) STORED,
  ADD COLUMN report_image_count integer GENERATED ALWAYS AS (
    CASE WHEN jsonb_typeof(payload -> 'report_images') = 'array' THEN jsonb_array_length(payload -> 'report_images') ELSE 0 END) STORED,
  -- The path and stored_path strings of each report image, in order: what retention keeps. Strict
  -- mode with errors silenced stops at the first error and returns nothing, so non-objects are
  -- filtered out before .keyvalue() rather than left to fail (a bare 'strict $.report_images[*].path'
  -- returns [] for a whole snapshot as soon as one image lacks a path). Not an array: [].
  ADD COLUMN report_image_paths jsonb GENERATED ALWAYS AS (
    jsonb_path_query_array(payload,
      'strict $.report_images[*] ? (@.type() == "object").keyvalue() ? (@.key == "path" || @.key == "stored_path").value ? (@.type() == "string")',
      '{}', true)) STORED;

ALTER TABLE job_geojson_exports
  ADD COLUMN geometry_type text GENERATED ALWAYS AS (
    payload #>> '{features,0,geometry,type}') STORED,
  ADD COLUMN longitude double precision GENERATED ALWAYS AS (
    CASE WHEN jsonb_typeof(payload #> '{features,0,geometry,coordinates,0}') = 'number'
         THEN (payload #>> '{features,0,geometry,coordinates,0}')::double precision END) STORED,
  ADD COLUMN latitude double precision GENERATED ALWAYS AS (
    CASE WHEN jsonb_typeof(payload #> '{features,0,geometry,coordinates,1}') = 'number'
         THEN (payload #>> '{features,0,geometry,coordinates,1}')::double precision END) STORED,
  ADD COLUMN exported_job_number text GENERATED ALWAYS AS (
    payload #>> '{features,0,properties,job_number}') STORED,
  ADD COLUMN exported_user_name text GENERATED ALWAYS AS (
    payload #>> '{features,0,properties,user_name}') STORED,
  ADD COLUMN image_count integer GENERATED ALWAYS AS (
    CASE WHEN jsonb_typeof(payload #> '{features,0,properties,images}') = 'array'
         THEN jsonb_array_length(payload #> '{features,0,properties,images}') ELSE 0 END) STORED;
