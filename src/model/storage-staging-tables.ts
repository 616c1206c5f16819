/**
 * The storage root's staging tables, each declared once (as staging-tables.ts declares the job
 * folders'): the row types of security-rows.ts, the COPY column lists and JSON encoding of
 * src/import/security-load.ts, and the CREATE TEMP TABLE statements. src/import/sql/merge-security.sql
 * reads them by name; test/db/storage-root-staging.test.ts holds them to schema/ and to that merge.
 */
import { col, createTempTableSql, defineTable, type RowOf } from '../db/table-decl.ts';

const text = col.text;
const textOrNull = () => col.text().nullable();
const timeOrNull = () => col.timestamptz().nullable();
/** COPY order, so operators added from profiles are numbered in file order. */
const SEQ = ['seq bigint GENERATED ALWAYS AS IDENTITY'];

export const STG_DEVICES = defineTable('stg_devices', {
  device_id: text(),
  device_name: textOrNull(),
  app_version: textOrNull(),
  status: textOrNull(),
  role: textOrNull(),
  created_at: timeOrNull(),
  updated_at: timeOrNull(),
  approved_at: timeOrNull(),
  revoked_at: timeOrNull(),
  last_seen_at: timeOrNull(),
  profile_summary: col.jsonb(),
  /** The devices.json entry as read. */
  raw: col.jsonb(),
  row_sha256: text(),
});

/** No column for a plaintext token: only its sha256 crosses into the database. */
export const STG_DEVICE_TOKENS = defineTable('stg_device_tokens', {
  token_sha256: text(),
  device_id: textOrNull(),
  role: textOrNull(),
  issued_at: timeOrNull(),
  expires_at: timeOrNull(),
  revoked: col.boolean().nullable(),
  updated_at: timeOrNull(),
  /** The entry without its token, any copy of a token of the file replaced by its hash label. */
  raw: col.jsonb(),
  row_sha256: text(),
});

export const STG_JOB_ASSIGNMENTS = defineTable('stg_job_assignments', {
  job_id: text(),
  device_id: textOrNull(),
  assigned_by: textOrNull(),
  assigned_at: timeOrNull(),
  raw: col.jsonb(),
  row_sha256: text(),
});

export const STG_OPERATOR_PROFILES = defineTable('stg_operator_profiles', {
  profile_sha256: text(),
  operator_key: textOrNull(),
  name: textOrNull(),
  phone: textOrNull(),
  isa_number: textOrNull(),
  correspondence_street: textOrNull(),
  correspondence_city: textOrNull(),
  correspondence_state: textOrNull(),
  correspondence_zip: textOrNull(),
  correspondence_email: textOrNull(),
  source_path: text(),
  raw: col.jsonb(),
  row_sha256: text(),
});

/** An assessor named by a profile: added to operators when no job names them. */
export const STG_PROFILE_OPERATORS = defineTable(
  'stg_profile_operators',
  {
    name_key: text(),
    name: text(),
    isa_number: textOrNull(),
    phone: textOrNull(),
    correspondence_email: textOrNull(),
    source_profile: text(),
  },
  { extra: SEQ },
);

/**
 * The lists read whole this run (devices, tokens, assignments): only they may drop rows or mark them gone.
 */
export const STG_STORAGE_LISTS = defineTable('stg_storage_lists', {
  list: text<'devices' | 'tokens' | 'assignments'>(),
});

/** Every profile file on disk, read this run or not: profiles whose file is gone are deleted. */
export const STG_PROFILE_FILES = defineTable('stg_profile_files', { profile_sha256: text() });

/** Events worked out by the merge before the rows they compare are overwritten (not COPYed). */
export const STG_DEVICE_EVENTS = defineTable(
  'stg_device_events',
  { device_id: text(), event_type: text(), payload: col.jsonb() },
  { extra: SEQ },
);
export const STG_ASSIGNMENT_EVENTS = defineTable('stg_assignment_events', {
  job_id: text(),
  event_type: text(),
  payload: col.jsonb(),
});

/** The tables the loader COPYs into, by name, in load order. */
export const STORAGE_STAGING_TABLES = {
  stg_devices: STG_DEVICES,
  stg_device_tokens: STG_DEVICE_TOKENS,
  stg_job_assignments: STG_JOB_ASSIGNMENTS,
  stg_operator_profiles: STG_OPERATOR_PROFILES,
  stg_profile_operators: STG_PROFILE_OPERATORS,
  stg_storage_lists: STG_STORAGE_LISTS,
  stg_profile_files: STG_PROFILE_FILES,
} as const;

export type StorageStagingTable = keyof typeof STORAGE_STAGING_TABLES;
export type StorageStagingRow<T extends StorageStagingTable> = RowOf<(typeof STORAGE_STAGING_TABLES)[T]>;

/** Per-session CREATE TEMP TABLE statements (rows emptied at each commit); idempotent. */
export const STORAGE_STAGING_SQL = [
  ...Object.values(STORAGE_STAGING_TABLES),
  STG_DEVICE_EVENTS,
  STG_ASSIGNMENT_EVENTS,
]
  .map(createTempTableSql)
  .join('\n');
