/**
 * The staging tables, each declared once: the rows a job becomes (src/import/rows.ts infers its row
 * types from here), the column lists and JSON encoding of the loader's COPY, and the per-session
 * CREATE TEMP TABLE statements (STAGING_SQL). The merges (src/staging/sql/merge-identities.sql,
 * src/import/sql/merge-batch.sql) read them by name; test/db/staging-tables.test.ts holds those
 * statements and schema/ to these declarations.
 */
import { col, createTempTableSql, defineTable, type RowOf } from '../db/table-decl.ts';
import type { ArtifactKind, SnapshotKind } from '../legacy/layout.ts';

/** Where a medium's round came from. */
export type RoundSource = 'manifest' | 'review';

const text = col.text;
const textOrNull = () => col.text().nullable();
const bigintOrNull = () => col.bigint().nullable();
/** COPY order, so identity codes follow first appearance (merge-identities.sql). */
const SEQ = ['seq bigint GENERATED ALWAYS AS IDENTITY'];

export const STG_JOBS = defineTable('stg_jobs', {
  job_id: text(),
  job_number: textOrNull(),
  status: textOrNull(),
  status_raw: textOrNull(),
  latest_round_id: textOrNull(),
  latest_round_status: textOrNull(),
  tree_number: textOrNull(),
  customer_name: textOrNull(),
  address: textOrNull(),
  tree_species: textOrNull(),
  reason: textOrNull(),
  job_name: textOrNull(),
  job_address: textOrNull(),
  job_phone: textOrNull(),
  contact_preference: textOrNull(),
  billing_name: textOrNull(),
  billing_address: textOrNull(),
  billing_contact_name: textOrNull(),
  location_notes: textOrNull(),
  record_job_id: textOrNull(),
  customer_key: textOrNull(),
  billing_key: textOrNull(),
  operator_key: textOrNull(),
  tree_key: textOrNull(),
  /** job_record.json as parsed, unknown fields included. */
  record: col.jsonb(),
  source: text<'record' | 'final_only' | 'folder_only'>(),
  fingerprint: text(),
  content_sha256: text(),
});

/*
 * Identity rows carry the job that named them: the stored spelling is the one of the lowest job id
 * (folder order), so it is the same whichever import, shard or rerun reached the identity first.
 */
export const STG_CUSTOMERS = defineTable(
  'stg_customers',
  { name_key: text(), name: text(), source_job_id: text() },
  { extra: SEQ },
);

export const STG_BILLING_PROFILES = defineTable(
  'stg_billing_profiles',
  {
    profile_key: text(),
    billing_name: textOrNull(),
    billing_address: textOrNull(),
    billing_contact_name: textOrNull(),
    source_job_id: text(),
  },
  { extra: SEQ },
);

export const STG_OPERATORS = defineTable(
  'stg_operators',
  {
    name_key: text(),
    name: text(),
    isa_number: textOrNull(),
    phone: textOrNull(),
    correspondence_email: textOrNull(),
    source_job_id: text(),
  },
  { extra: SEQ },
);

export const STG_TREES = defineTable(
  'stg_trees',
  {
    customer_key: text(),
    tree_key: text(),
    tree_number: bigintOrNull(),
    tree_number_raw: text(),
    source_job_id: text(),
  },
  { extra: SEQ },
);

export const STG_ROUNDS = defineTable('stg_rounds', {
  job_id: text(),
  round_id: text(),
  status: textOrNull(),
  server_revision_id: textOrNull(),
  manifest_items: col.integer().nullable(),
  manifest: col.jsonb(),
  review: col.jsonb(),
  row_sha256: text(),
});

export const STG_RECORDINGS = defineTable('stg_recordings', {
  job_id: text(),
  section_id: text(),
  recording_id: text(),
  round_id: textOrNull(),
  round_source: text<RoundSource>().nullable(),
  /** Every round whose manifest or review names this medium, and its placement round (mentions.ts). */
  mentioned_in: col.textArray(),
  file_path: textOrNull(),
  content_type: textOrNull(),
  bytes: bigintOrNull(),
  upload_status: textOrNull(),
  duration_ms: bigintOrNull(),
  uploaded_at: col.timestamptz().nullable(),
  transcript_path: textOrNull(),
  meta: col.jsonb(),
  row_sha256: text(),
});

export const STG_IMAGES = defineTable('stg_images', {
  job_id: text(),
  image_id: text(),
  section_id: text(),
  round_id: textOrNull(),
  round_source: text<RoundSource>().nullable(),
  /** Every round whose manifest or review names this image, and its placement round (mentions.ts). */
  mentioned_in: col.textArray(),
  file_path: textOrNull(),
  report_path: textOrNull(),
  content_type: textOrNull(),
  bytes: bigintOrNull(),
  report_bytes: bigintOrNull(),
  caption: textOrNull(),
  latitude: col.double().nullable(),
  longitude: col.double().nullable(),
  uploaded_at: col.timestamptz().nullable(),
  meta: col.jsonb(),
  row_sha256: text(),
});

export const STG_FINALS = defineTable('stg_finals', {
  job_id: text(),
  kind: text<SnapshotKind>(),
  round_id: textOrNull(),
  server_revision_id: textOrNull(),
  client_revision_id: textOrNull(),
  archived_at: col.timestamptz().nullable(),
  user_name: textOrNull(),
  operator_key: textOrNull(),
  source_path: text(),
  payload: col.jsonb(),
  payload_sha256: text(),
  row_sha256: text(),
  /** The file's exact bytes (sha256 = payload_sha256); not part of row_sha256, which the hash covers. */
  snapshot_bytes: col.bytea(),
});

export const STG_GEOJSON = defineTable('stg_geojson', {
  job_id: text(),
  kind: text<SnapshotKind>(),
  source_path: text(),
  payload: col.jsonb(),
  payload_sha256: text(),
  row_sha256: text(),
});

export const STG_ARTIFACTS = defineTable('stg_artifacts', {
  job_id: text(),
  path: text(),
  kind: text<ArtifactKind>(),
  round_id: textOrNull(),
  snapshot: text<SnapshotKind>().nullable(),
  section_id: textOrNull(),
  media_id: textOrNull(),
  size: col.bigint(),
  mtime: col.timestamptz(),
  sha256: textOrNull(),
  row_sha256: text(),
});

export const STG_FINDINGS = defineTable('stg_findings', {
  job_id: text(),
  id: text(),
  kind: text(),
  severity: text(),
  summary: text(),
  source_values: col.jsonb(),
  /** Files involved, relative to the jobs root: a JSON array. */
  paths: col.jsonb<string[]>(),
});

/** Every staging table by name, identities first (the order they are created and loaded in). */
export const STAGING_TABLES = {
  stg_customers: STG_CUSTOMERS,
  stg_billing_profiles: STG_BILLING_PROFILES,
  stg_operators: STG_OPERATORS,
  stg_trees: STG_TREES,
  stg_jobs: STG_JOBS,
  stg_rounds: STG_ROUNDS,
  stg_recordings: STG_RECORDINGS,
  stg_images: STG_IMAGES,
  stg_finals: STG_FINALS,
  stg_geojson: STG_GEOJSON,
  stg_artifacts: STG_ARTIFACTS,
  stg_findings: STG_FINDINGS,
} as const;

export type StagingTable = keyof typeof STAGING_TABLES;
export type StagingRow<T extends StagingTable> = RowOf<(typeof STAGING_TABLES)[T]>;

/**
 * The jobs of a batch whose rows are merged: content changed (inserted or updated), or, in a --full
 * run (session setting jobmig.full = on), every job, so rows deleted or altered by hand are repaired.
 */
const BATCH_CHANGED_SQL = `CREATE TEMP TABLE IF NOT EXISTS batch_changed (
  job_id text PRIMARY KEY, inserted boolean, content_changed boolean
) ON COMMIT DELETE ROWS;`;

/**
 * Per-session staging tables the loader COPYs each batch into. ON COMMIT DELETE ROWS: every batch
 * transaction starts empty. Run once per session (IF NOT EXISTS).
 */
export const STAGING_SQL = [...Object.values(STAGING_TABLES).map(createTempTableSql), BATCH_CHANGED_SQL].join(
  '\n',
);
