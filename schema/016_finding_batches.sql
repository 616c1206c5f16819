-- Reviewers' decisions at scale (issue 21): batches, an audit trail for every finding, cause groups.
--
-- finding_batches: every decision on more than one finding (a filter, a cause group, a selection, a
-- decisions CSV) and every undo is one batch, numbered; `jobmig findings batches` lists them.
CREATE TABLE finding_batches (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  reviewed_by text NOT NULL,
  via         text NOT NULL,                     -- cli, web, csv
  scope       text NOT NULL CHECK (scope IN ('filter', 'group', 'selection', 'csv', 'undo')),
  decision    text CHECK (decision IN ('open', 'acknowledged', 'resolved')), -- null: a CSV or an undo
  note        text,
  selection   jsonb NOT NULL DEFAULT '{}',       -- what chose the findings: the filter, group key, file
  findings    integer NOT NULL DEFAULT 0,        -- how many findings it changed
  undoes      bigint UNIQUE REFERENCES finding_batches (id) -- an undo batch: the batch it undid (once)
);

-- finding_events: the finding_reviewed events of every finding, whether or not its job_id names a
-- job (storage-root files have findings too, and job_events.job_id must be a job). One row per change
-- of a finding's review status or note, with the state it replaced, so a batch can be undone.
-- Review decisions before this migration were job_events rows; they are copied below (their previous
-- state was never recorded: previous_status is null for them) and stay in job_events, append-only.
CREATE TABLE finding_events (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at           timestamptz NOT NULL DEFAULT now(),
  job_id               text NOT NULL,            -- the finding's job_id: a job folder or a file path
  finding_id           text NOT NULL,
  kind                 text NOT NULL,
  batch_id             bigint REFERENCES finding_batches (id), -- null: a decision on one finding
  review_status        text NOT NULL CHECK (review_status IN ('open', 'acknowledged', 'resolved')),
  note                 text,
  reviewed_by          text NOT NULL,
  via                  text NOT NULL,            -- cli, web, csv, undo
  previous_status      text CHECK (previous_status IN ('open', 'acknowledged', 'resolved')),
  previous_note        text,
  previous_reviewed_by text,
  previous_reviewed_at timestamptz
);
CREATE INDEX finding_events_finding_idx ON finding_events (finding_id, id);
CREATE INDEX finding_events_batch_idx ON finding_events (batch_id) WHERE batch_id IS NOT NULL;

CREATE TRIGGER finding_events_append_only BEFORE UPDATE OR DELETE ON finding_events
  FOR EACH ROW EXECUTE FUNCTION jobmig_guard_job_events();
CREATE TRIGGER finding_events_no_truncate BEFORE TRUNCATE ON finding_events
  FOR EACH STATEMENT EXECUTE FUNCTION jobmig_refuse_truncate();
CREATE TRIGGER finding_batches_no_truncate BEFORE TRUNCATE ON finding_batches
  FOR EACH STATEMENT EXECUTE FUNCTION jobmig_refuse_truncate();

INSERT INTO finding_events (created_at, job_id, finding_id, kind, review_status, note, reviewed_by, via)
SELECT e.created_at, e.job_id, e.payload ->> 'finding_id', e.payload ->> 'kind',
       e.payload ->> 'review_status', e.payload ->> 'note', coalesce(e.payload ->> 'reviewed_by', ''),
       coalesce(e.payload ->> 'via', 'cli')
FROM job_events e
WHERE e.event_type = 'finding_reviewed'
ORDER BY e.created_at, e.id;

-- Cause groups: findings that share one cause are decided as one. finding_cause_keys holds, per kind,
-- the source_values keys that name the cause (src/reconcile/registry.ts declares them: `cause`;
-- test/db/finding-groups.test.ts holds this table to it). A kind not listed, or listed with no keys,
-- is its own cause: each finding a group of one.
CREATE TABLE finding_cause_keys (
  kind       text PRIMARY KEY,
  value_keys text[] NOT NULL
);
INSERT INTO finding_cause_keys (kind, value_keys) VALUES
  ('duplicate_job_number', '{job_number}'),
  ('field_mismatch', '{field,job_record,final,correction}'),
  ('assignment_job_missing', '{job_assignments}'),
  ('assignment_device_unknown', '{job_assignments}'),
  ('assignment_device_inactive', '{job_assignments}'),
  ('media_unplaced', '{medium,section_id}'),
  ('media_file_missing', '{medium,section_id}'),
  ('media_meta_missing', '{medium,section_id}'),
  ('manifest_item_missing', '{kind,section_id}');

-- Each finding with its cause key: the kind and the named values (a JSON array, in the declared key
-- order), or the kind and the finding's own id. Members of a group share a cause_key.
CREATE VIEW finding_causes AS
SELECT r.job_id, r.id, r.kind,
       r.kind || ' ' || coalesce(
         (SELECT jsonb_agg(r.source_values -> k ORDER BY i)::text
          FROM unnest(c.value_keys) WITH ORDINALITY AS u (k, i)
          WHERE cardinality(c.value_keys) > 0),
         r.id) AS cause_key
FROM reconciliation r
LEFT JOIN finding_cause_keys c ON c.kind = r.kind;
