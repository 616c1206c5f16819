-- Reconciliation findings: every disagreement between sources, kept for reviewers.
-- The id is derived from job, kind and the disagreeing values, so the same disagreement keeps its id
-- (and its reviewer state) across runs. A disagreement no longer on disk is closed as gone
-- (gone_run_id), never deleted, and the reviewer's status and note stay as they were.
CREATE TABLE reconciliation (
  job_id        text NOT NULL,
  id            text NOT NULL,
  kind          text NOT NULL,
  severity      text NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  summary       text NOT NULL,
  source_values jsonb NOT NULL,               -- what each source says, keyed by source name
  paths         jsonb NOT NULL DEFAULT '[]',  -- files involved, relative to the jobs root
  first_run_id  bigint NOT NULL REFERENCES import_runs (id),
  last_run_id   bigint NOT NULL REFERENCES import_runs (id),
  gone_run_id   bigint REFERENCES import_runs (id),
  review_status text NOT NULL DEFAULT 'open' CHECK (review_status IN ('open', 'acknowledged', 'resolved')),
  review_note   text,
  reviewed_by   text,
  reviewed_at   timestamptz,
  status        text GENERATED ALWAYS AS (CASE WHEN gone_run_id IS NOT NULL THEN 'gone' ELSE review_status END) STORED,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, id)
);
CREATE INDEX reconciliation_id_idx ON reconciliation (id);
CREATE INDEX reconciliation_kind_status_idx ON reconciliation (kind, status);

