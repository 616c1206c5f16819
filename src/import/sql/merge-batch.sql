-- Merge one staged batch into the target tables, inside the batch's transaction.
-- Run by the loader after COPYing the batch into the stg_* tables (src/model/staging-tables.ts), once
-- the batch's identities exist (merge-identities.sql). Reads the session settings jobmig.run_id and
-- jobmig.full (src/db/session-settings.ts), which the loader sets, as it sets jobmig.event_source to
-- 'import' for the events the write-model triggers (schema/003_write_model.sql) append.
-- Each statement returns one summary row: (tbl, inserted, updated, deleted).

WITH up AS (
  INSERT INTO jobs (
    job_id, job_number, status, status_raw, latest_round_id, latest_round_status, latest_round_status_raw,
    tree_number, customer_name, address, tree_species, reason, job_name, job_address, job_phone,
    contact_preference, billing_name, billing_address, billing_contact_name, location_notes, record_job_id,
    snapshot_job_id, customer_id, billing_profile_id, operator_id, tree_id, record, source, fingerprint,
    content_sha256, first_run_id, last_run_id)
  SELECT
    s.job_id, s.job_number, s.status, s.status_raw, s.latest_round_id, s.latest_round_status,
    s.latest_round_status_raw, s.tree_number, s.customer_name, s.address, s.tree_species, s.reason, s.job_name,
    s.job_address, s.job_phone, s.contact_preference, s.billing_name, s.billing_address,
    s.billing_contact_name, s.location_notes, s.record_job_id, s.snapshot_job_id, c.id, b.id, o.id, t.id, s.record,
    s.source, s.fingerprint, s.content_sha256,
    current_setting('jobmig.run_id')::bigint, current_setting('jobmig.run_id')::bigint
  FROM stg_jobs s
  LEFT JOIN customers c ON c.name_key = s.customer_key
  LEFT JOIN billing_profiles b ON b.profile_key = s.billing_key
  LEFT JOIN operators o ON o.name_key = s.operator_key
  LEFT JOIN trees t ON t.customer_id = c.id AND t.tree_key = s.tree_key
  ON CONFLICT (job_id) DO UPDATE SET
    job_number = excluded.job_number, status = excluded.status, status_raw = excluded.status_raw,
    latest_round_id = excluded.latest_round_id, latest_round_status = excluded.latest_round_status,
    latest_round_status_raw = excluded.latest_round_status_raw, snapshot_job_id = excluded.snapshot_job_id,
    tree_number = excluded.tree_number, customer_name = excluded.customer_name, address = excluded.address,
    tree_species = excluded.tree_species, reason = excluded.reason, job_name = excluded.job_name,
    job_address = excluded.job_address, job_phone = excluded.job_phone,
    contact_preference = excluded.contact_preference, billing_name = excluded.billing_name,
    billing_address = excluded.billing_address, billing_contact_name = excluded.billing_contact_name,
    location_notes = excluded.location_notes, record_job_id = excluded.record_job_id,
    customer_id = excluded.customer_id, billing_profile_id = excluded.billing_profile_id,
    operator_id = excluded.operator_id, tree_id = excluded.tree_id, record = excluded.record,
    source = excluded.source, fingerprint = excluded.fingerprint, content_sha256 = excluded.content_sha256,
    last_run_id = excluded.last_run_id, updated_at = now()
  WHERE jobs.content_sha256 IS DISTINCT FROM excluded.content_sha256
  RETURNING job_id, (xmax = 0) AS inserted
), touched AS (
  -- Same content under a new fingerprint (a file touched, rewritten with the same bytes): remember
  -- the fingerprint so the next run skips the folder, without calling the job changed.
  UPDATE jobs j SET fingerprint = s.fingerprint, last_run_id = current_setting('jobmig.run_id')::bigint
  FROM stg_jobs s
  WHERE j.job_id = s.job_id AND j.fingerprint IS DISTINCT FROM s.fingerprint
    AND NOT EXISTS (SELECT 1 FROM up WHERE up.job_id = s.job_id)
  RETURNING 1
), changed AS (
  INSERT INTO batch_changed (job_id, inserted, content_changed)
  SELECT job_id, inserted, true FROM up
  UNION ALL
  SELECT s.job_id, false, false FROM stg_jobs s
  WHERE current_setting('jobmig.full', true) = 'on' AND NOT EXISTS (SELECT 1 FROM up WHERE up.job_id = s.job_id)
  RETURNING inserted, content_changed
)
SELECT 'jobs' AS tbl, count(*) FILTER (WHERE inserted) AS inserted,
       count(*) FILTER (WHERE content_changed AND NOT inserted) + (SELECT count(*) FROM touched) AS updated,
       0 AS deleted
FROM changed;

WITH del AS (
  DELETE FROM job_rounds t USING batch_changed b
  WHERE t.job_id = b.job_id
    AND NOT EXISTS (SELECT 1 FROM stg_rounds s WHERE s.job_id = t.job_id AND s.round_id = t.round_id)
  RETURNING 1
), up AS (
  INSERT INTO job_rounds (job_id, round_id, status, status_raw, server_revision_id, manifest_items, manifest,
    review, row_sha256)
  SELECT s.job_id, s.round_id, s.status, s.status_raw, s.server_revision_id, s.manifest_items, s.manifest,
    s.review, s.row_sha256
  FROM stg_rounds s JOIN batch_changed b ON b.job_id = s.job_id
  ON CONFLICT (job_id, round_id) DO UPDATE SET
    status = excluded.status, status_raw = excluded.status_raw, server_revision_id = excluded.server_revision_id,
    manifest_items = excluded.manifest_items, manifest = excluded.manifest, review = excluded.review,
    row_sha256 = excluded.row_sha256
  WHERE job_rounds.row_sha256 <> excluded.row_sha256
  RETURNING (xmax = 0) AS inserted
)
SELECT 'job_rounds' AS tbl, (SELECT count(*) FROM up WHERE inserted) AS inserted,
       (SELECT count(*) FROM up WHERE NOT inserted) AS updated, (SELECT count(*) FROM del) AS deleted;

WITH del AS (
  DELETE FROM round_recordings t USING batch_changed b
  WHERE t.job_id = b.job_id
    AND NOT EXISTS (SELECT 1 FROM stg_recordings s
                    WHERE s.job_id = t.job_id AND s.section_id = t.section_id AND s.recording_id = t.recording_id)
  RETURNING 1
), up AS (
  INSERT INTO round_recordings (job_id, section_id, recording_id, round_id, round_source, mentioned_in, file_path,
    content_type, bytes, upload_status, upload_status_raw, duration_ms, uploaded_at, transcript_path, meta,
    row_sha256)
  SELECT s.job_id, s.section_id, s.recording_id, s.round_id, s.round_source, s.mentioned_in, s.file_path, s.content_type,
    s.bytes, s.upload_status, s.upload_status_raw, s.duration_ms, s.uploaded_at, s.transcript_path, s.meta, s.row_sha256
  FROM stg_recordings s JOIN batch_changed b ON b.job_id = s.job_id
  ON CONFLICT (job_id, section_id, recording_id) DO UPDATE SET
    round_id = excluded.round_id, round_source = excluded.round_source, mentioned_in = excluded.mentioned_in,
    file_path = excluded.file_path, content_type = excluded.content_type, bytes = excluded.bytes, upload_status = excluded.upload_status,
    upload_status_raw = excluded.upload_status_raw,
    duration_ms = excluded.duration_ms, uploaded_at = excluded.uploaded_at,
    transcript_path = excluded.transcript_path, meta = excluded.meta, row_sha256 = excluded.row_sha256
  WHERE round_recordings.row_sha256 <> excluded.row_sha256
  RETURNING (xmax = 0) AS inserted
)
SELECT 'round_recordings' AS tbl, (SELECT count(*) FROM up WHERE inserted) AS inserted,
       (SELECT count(*) FROM up WHERE NOT inserted) AS updated, (SELECT count(*) FROM del) AS deleted;

WITH del AS (
  DELETE FROM round_images t USING batch_changed b
  WHERE t.job_id = b.job_id
    AND NOT EXISTS (SELECT 1 FROM stg_images s WHERE s.job_id = t.job_id AND s.image_id = t.image_id)
  RETURNING 1
), up AS (
  INSERT INTO round_images (job_id, image_id, section_id, round_id, round_source, mentioned_in, file_path, report_path,
    content_type, bytes, report_bytes, caption, latitude, longitude, uploaded_at, meta, row_sha256)
  SELECT s.job_id, s.image_id, s.section_id, s.round_id, s.round_source, s.mentioned_in, s.file_path, s.report_path,
    s.content_type, s.bytes, s.report_bytes, s.caption, s.latitude, s.longitude, s.uploaded_at, s.meta, s.row_sha256
  FROM stg_images s JOIN batch_changed b ON b.job_id = s.job_id
  ON CONFLICT (job_id, image_id) DO UPDATE SET
    section_id = excluded.section_id, round_id = excluded.round_id, round_source = excluded.round_source,
    mentioned_in = excluded.mentioned_in, file_path = excluded.file_path, report_path = excluded.report_path, content_type = excluded.content_type,
    bytes = excluded.bytes, report_bytes = excluded.report_bytes, caption = excluded.caption,
    latitude = excluded.latitude, longitude = excluded.longitude, uploaded_at = excluded.uploaded_at,
    meta = excluded.meta, row_sha256 = excluded.row_sha256
  WHERE round_images.row_sha256 <> excluded.row_sha256
  RETURNING (xmax = 0) AS inserted
)
SELECT 'round_images' AS tbl, (SELECT count(*) FROM up WHERE inserted) AS inserted,
       (SELECT count(*) FROM up WHERE NOT inserted) AS updated, (SELECT count(*) FROM del) AS deleted;

-- Finals are never deleted and an archived final is never rewritten: a final.json that changed on disk
-- is a final_changed_on_disk finding. Only the correction is replaceable; the job_finals trigger
-- appends the correction_replaced event (previous and new hash) for each replacement.
WITH changed_final AS (
  SELECT s.job_id, f.payload_sha256 AS stored_sha256, s.payload_sha256 AS disk_sha256, s.source_path
  FROM stg_finals s
  JOIN batch_changed b ON b.job_id = s.job_id
  JOIN job_finals f ON f.job_id = s.job_id AND f.kind = 'final'
  WHERE s.kind = 'final' AND f.payload_sha256 <> s.payload_sha256
), seen AS (
  INSERT INTO reconciliation (job_id, id, kind, severity, summary, source_values, paths, first_run_id, last_run_id)
  SELECT job_id,
         jobmig_finding_id(job_id, 'final_changed_on_disk', ARRAY[stored_sha256, disk_sha256]),
         'final_changed_on_disk', 'error',
         'final.json on disk differs from the archived final kept in the database (the stored final is kept)',
         jsonb_build_object('database_sha256', stored_sha256, 'disk_sha256', disk_sha256), jsonb_build_array(source_path),
         current_setting('jobmig.run_id')::bigint, current_setting('jobmig.run_id')::bigint
  FROM changed_final
  ON CONFLICT (job_id, id) DO UPDATE SET last_run_id = excluded.last_run_id, gone_run_id = NULL, updated_at = now()
  RETURNING job_id, id
)
UPDATE reconciliation r SET gone_run_id = current_setting('jobmig.run_id')::bigint, updated_at = now()
FROM batch_changed b
WHERE r.job_id = b.job_id AND r.kind = 'final_changed_on_disk' AND r.gone_run_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM seen WHERE seen.job_id = r.job_id AND seen.id = r.id);

-- Rows imported before schema/012 have no bytes: fill them in from a file that still hashes to the
-- stored sha256 (whether or not the job changed), never from any other file. Counted as updated.
-- Values stay compressed as staged: the loader's session stages with lz4 where the server has it
-- (load.ts, tuneSession), the method schema/012 gives the column, so nothing is compressed twice.
WITH filled AS (
  UPDATE job_finals f SET snapshot_bytes = s.snapshot_bytes
  FROM stg_finals s
  WHERE f.job_id = s.job_id AND f.kind = s.kind AND f.snapshot_bytes IS NULL
    AND s.snapshot_bytes IS NOT NULL AND f.payload_sha256 = s.payload_sha256
  RETURNING 1
)
SELECT 'job_finals' AS tbl, 0 AS inserted, count(*) AS updated, 0 AS deleted FROM filled;

WITH up AS (
  INSERT INTO job_finals (job_id, kind, round_id, server_revision_id, client_revision_id, archived_at, user_name,
    operator_id, source_path, payload, payload_sha256, row_sha256, snapshot_bytes)
  SELECT s.job_id, s.kind, s.round_id, s.server_revision_id, s.client_revision_id, s.archived_at, s.user_name,
    o.id, s.source_path, s.payload, s.payload_sha256, s.row_sha256, s.snapshot_bytes
  FROM stg_finals s
  JOIN batch_changed b ON b.job_id = s.job_id
  LEFT JOIN operators o ON o.name_key = s.operator_key
  ON CONFLICT (job_id, kind) DO UPDATE SET
    round_id = excluded.round_id, server_revision_id = excluded.server_revision_id,
    client_revision_id = excluded.client_revision_id, archived_at = excluded.archived_at,
    user_name = excluded.user_name, operator_id = excluded.operator_id, source_path = excluded.source_path,
    payload = excluded.payload, payload_sha256 = excluded.payload_sha256, row_sha256 = excluded.row_sha256,
    snapshot_bytes = excluded.snapshot_bytes, imported_at = now()
  WHERE job_finals.kind = 'correction' AND job_finals.payload_sha256 <> excluded.payload_sha256
  RETURNING (xmax = 0) AS inserted
)
SELECT 'job_finals' AS tbl, (SELECT count(*) FROM up WHERE inserted) AS inserted,
       (SELECT count(*) FROM up WHERE NOT inserted) AS updated, 0 AS deleted;

WITH del AS (
  DELETE FROM job_geojson_exports t USING batch_changed b
  WHERE t.job_id = b.job_id
    AND NOT EXISTS (SELECT 1 FROM stg_geojson s WHERE s.job_id = t.job_id AND s.kind = t.kind)
  RETURNING 1
), up AS (
  INSERT INTO job_geojson_exports (job_id, kind, source_path, payload, payload_sha256, row_sha256)
  SELECT s.job_id, s.kind, s.source_path, s.payload, s.payload_sha256, s.row_sha256
  FROM stg_geojson s JOIN batch_changed b ON b.job_id = s.job_id
  ON CONFLICT (job_id, kind) DO UPDATE SET
    source_path = excluded.source_path, payload = excluded.payload,
    payload_sha256 = excluded.payload_sha256, row_sha256 = excluded.row_sha256
  WHERE job_geojson_exports.row_sha256 <> excluded.row_sha256
  RETURNING (xmax = 0) AS inserted
)
SELECT 'job_geojson_exports' AS tbl, (SELECT count(*) FROM up WHERE inserted) AS inserted,
       (SELECT count(*) FROM up WHERE NOT inserted) AS updated, (SELECT count(*) FROM del) AS deleted;

-- The artifact row of an uploaded medium is immutable (schema/003_write_model.sql): a medium whose
-- bytes changed on disk keeps its row as first imported and becomes an import issue; the rest of the
-- job still lands.
WITH media_changed AS (
  SELECT s.job_id, s.path, t.size AS stored_size, s.size AS disk_size
  FROM stg_artifacts s
  JOIN batch_changed b ON b.job_id = s.job_id
  JOIN artifacts t ON t.job_id = s.job_id AND t.path = s.path
  WHERE t.kind IN ('audio', 'image')
    AND (t.kind, t.section_id, t.media_id, t.size, t.sha256) IS DISTINCT FROM (s.kind, s.section_id, s.media_id, s.size, s.sha256)
), media_issues AS (
  INSERT INTO import_issues (run_id, job_id, path, pointer, message)
  SELECT current_setting('jobmig.run_id')::bigint, job_id, path, '',
         format('uploaded media file changed on disk (%s bytes, imported as %s bytes): its artifact row is immutable and was kept',
                disk_size, stored_size)
  FROM media_changed
  RETURNING 1
), del AS (
  DELETE FROM artifacts t USING batch_changed b
  WHERE t.job_id = b.job_id
    AND NOT EXISTS (SELECT 1 FROM stg_artifacts s WHERE s.job_id = t.job_id AND s.path = t.path)
  RETURNING 1
), up AS (
  INSERT INTO artifacts (job_id, path, kind, round_id, snapshot, section_id, media_id, size, mtime, sha256, row_sha256)
  SELECT s.job_id, s.path, s.kind, s.round_id, s.snapshot, s.section_id, s.media_id, s.size, s.mtime, s.sha256,
    s.row_sha256
  FROM stg_artifacts s JOIN batch_changed b ON b.job_id = s.job_id
  ON CONFLICT (job_id, path) DO UPDATE SET
    kind = excluded.kind, round_id = excluded.round_id, snapshot = excluded.snapshot,
    section_id = excluded.section_id, media_id = excluded.media_id, size = excluded.size, mtime = excluded.mtime,
    sha256 = excluded.sha256, row_sha256 = excluded.row_sha256
  WHERE artifacts.row_sha256 <> excluded.row_sha256
    AND NOT EXISTS (SELECT 1 FROM media_changed m WHERE m.job_id = artifacts.job_id AND m.path = artifacts.path)
  RETURNING (xmax = 0) AS inserted
)
SELECT 'artifacts' AS tbl, (SELECT count(*) FROM up WHERE inserted) AS inserted,
       (SELECT count(*) FROM up WHERE NOT inserted) AS updated, (SELECT count(*) FROM del) AS deleted;

-- Findings of the rules in src/reconcile/rules: new ones open, seen ones refreshed (a gone one that is
-- back is reopened with its reviewer state intact), and the job's others closed as gone. Kinds the
-- database computes (final_changed_on_disk above, the cross-job kinds at the end of a run) are not touched.
WITH seen AS (
  INSERT INTO reconciliation (job_id, id, kind, severity, summary, source_values, paths, first_run_id, last_run_id)
  SELECT s.job_id, s.id, s.kind, s.severity, s.summary, s.source_values, s.paths,
         current_setting('jobmig.run_id')::bigint, current_setting('jobmig.run_id')::bigint
  FROM stg_findings s JOIN batch_changed b ON b.job_id = s.job_id
  ON CONFLICT (job_id, id) DO UPDATE SET
    severity = excluded.severity, summary = excluded.summary, paths = excluded.paths,
    last_run_id = excluded.last_run_id, gone_run_id = NULL, updated_at = now()
  RETURNING job_id, id, (xmax = 0) AS inserted
), gone AS (
  UPDATE reconciliation r SET gone_run_id = current_setting('jobmig.run_id')::bigint, updated_at = now()
  FROM batch_changed b
  WHERE r.job_id = b.job_id AND r.gone_run_id IS NULL
    AND r.kind NOT IN ('final_changed_on_disk', 'duplicate_job_number', 'source_missing',
                       'assignment_job_missing', 'assignment_device_unknown', 'assignment_device_inactive',
                       'token_device_unknown', 'token_plaintext_active', 'profile_unattributed',
                       'profile_final_mismatch')
    AND NOT EXISTS (SELECT 1 FROM stg_findings s WHERE s.job_id = r.job_id AND s.id = r.id)
  RETURNING 1
)
SELECT 'reconciliation' AS tbl, (SELECT count(*) FROM seen WHERE inserted) AS inserted,
       (SELECT count(*) FROM seen WHERE NOT inserted) AS updated, (SELECT count(*) FROM gone) AS deleted;

WITH ins AS (
  INSERT INTO job_events (job_id, event_type, payload, run_id)
  SELECT b.job_id, 'imported',
         jsonb_build_object('created', b.inserted, 'content_sha256', s.content_sha256, 'fingerprint', s.fingerprint),
         current_setting('jobmig.run_id')::bigint
  FROM batch_changed b JOIN stg_jobs s ON s.job_id = b.job_id
  WHERE b.content_changed
  ORDER BY b.job_id
  RETURNING 1
)
SELECT 'job_events' AS tbl, count(*) AS inserted, 0 AS updated, 0 AS deleted FROM ins;
