-- The write model of the design note (shared/seeds/000_400beb0692bfa348.txt), enforced in the database
-- so that no client (the importer, the CLI, psql) can bypass it. Each refusal raises a message that
-- starts with "jobmig:" and names the rule, with SQLSTATE 55000 (object_not_in_prerequisite_state).
-- A superuser can still disable triggers (ALTER TABLE ... DISABLE TRIGGER, session_replication_role):
-- these rules stop mistakes and ordinary roles, not the database owner.

-- Rule 1: an archived final can be neither updated nor deleted. No job_finals row is ever deleted:
-- the current correction is replaced in place (rule 2), never removed.
CREATE FUNCTION jobmig_guard_job_finals() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.kind = 'final' THEN
      RAISE EXCEPTION 'jobmig: archived final of job % is immutable (no DELETE)', OLD.job_id USING ERRCODE = '55000';
    END IF;
    RAISE EXCEPTION 'jobmig: correction of job % may be replaced, never deleted', OLD.job_id USING ERRCODE = '55000';
  END IF;
  IF OLD.kind = 'final' THEN
    RAISE EXCEPTION 'jobmig: archived final of job % is immutable (no UPDATE)', OLD.job_id USING ERRCODE = '55000';
  END IF;
  IF NEW.job_id IS DISTINCT FROM OLD.job_id OR NEW.kind IS DISTINCT FROM OLD.kind THEN
    RAISE EXCEPTION 'jobmig: correction of job % cannot change its job or kind', OLD.job_id USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER job_finals_guard BEFORE UPDATE OR DELETE ON job_finals
  FOR EACH ROW EXECUTE FUNCTION jobmig_guard_job_finals();

CREATE FUNCTION jobmig_refuse_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'jobmig: % is kept forever (no TRUNCATE)', TG_TABLE_NAME USING ERRCODE = '55000';
END $$;

CREATE TRIGGER job_finals_no_truncate BEFORE TRUNCATE ON job_finals
  FOR EACH STATEMENT EXECUTE FUNCTION jobmig_refuse_truncate();

-- Rule 2: every replacement of a correction appends a correction_replaced event with the old and new
-- payload hashes. The trigger writes the event itself, so the audit cannot be forgotten by any client.
-- Writers say who they are with the transaction-local settings jobmig.event_source (default 'sql')
-- and jobmig.run_id (the import run, when there is one).
CREATE FUNCTION jobmig_log_correction_replaced() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO job_events (job_id, event_type, payload, run_id)
  VALUES (NEW.job_id, 'correction_replaced',
          jsonb_build_object('previous_sha256', OLD.payload_sha256, 'new_sha256', NEW.payload_sha256,
                             'source', coalesce(nullif(current_setting('jobmig.event_source', true), ''), 'sql')),
          nullif(current_setting('jobmig.run_id', true), '')::bigint);
  RETURN NULL;
END $$;

CREATE TRIGGER job_finals_correction_replaced AFTER UPDATE ON job_finals
  FOR EACH ROW
  WHEN (OLD.kind = 'correction' AND (OLD.payload_sha256 IS DISTINCT FROM NEW.payload_sha256
                                     OR OLD.payload IS DISTINCT FROM NEW.payload))
  EXECUTE FUNCTION jobmig_log_correction_replaced();

-- Rule 3: job_events is append-only.
CREATE FUNCTION jobmig_guard_job_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'jobmig: job_events is append-only (no %) (event % of job %)', TG_OP, OLD.id, OLD.job_id
    USING ERRCODE = '55000';
END $$;

CREATE TRIGGER job_events_append_only BEFORE UPDATE OR DELETE ON job_events
  FOR EACH ROW EXECUTE FUNCTION jobmig_guard_job_events();

CREATE TRIGGER job_events_no_truncate BEFORE TRUNCATE ON job_events
  FOR EACH STATEMENT EXECUTE FUNCTION jobmig_refuse_truncate();

-- Rule 4: the artifact row of an uploaded medium (kind audio or image) describes bytes the assessor
-- uploaded: its file identity (job, path, kind, section, medium, size, sha256) never changes. What is
-- derived about it may (round_id and round provenance, mtime, which a copied store does not keep,
-- row_sha256). The row may be deleted: pruning removes working media, and the importer drops rows of
-- files gone from disk. Generated outputs (PDF, DOCX, GeoJSON, report images, ...) may be re-pointed
-- and re-hashed by regeneration.
CREATE FUNCTION jobmig_guard_media_artifacts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.job_id, NEW.path, NEW.kind, NEW.section_id, NEW.media_id, NEW.size, NEW.sha256)
     IS DISTINCT FROM (OLD.job_id, OLD.path, OLD.kind, OLD.section_id, OLD.media_id, OLD.size, OLD.sha256) THEN
    RAISE EXCEPTION 'jobmig: uploaded media artifact % of job % is immutable (% file: path, size and hash never change)',
      OLD.path, OLD.job_id, OLD.kind USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER artifacts_media_immutable BEFORE UPDATE ON artifacts
  FOR EACH ROW WHEN (OLD.kind IN ('audio', 'image'))
  EXECUTE FUNCTION jobmig_guard_media_artifacts();
