/**
 * The rows one job becomes, in the column order of the staging tables (src/staging/sql/staging.sql).
 * jsonb columns hold the raw parsed file (unknown fields included); `row_sha256` lets a rerun
 * skip rows whose content did not change.
 */
import type { ArtifactKind, SnapshotKind } from '../legacy/layout.ts';

export type Json = unknown;

export interface JobRow {
  job_id: string;
  job_number: string | null;
  status: string | null;
  status_raw: string | null;
  latest_round_id: string | null;
  latest_round_status: string | null;
  tree_number: string | null;
  customer_name: string | null;
  address: string | null;
  tree_species: string | null;
  reason: string | null;
  job_name: string | null;
  job_address: string | null;
  job_phone: string | null;
  contact_preference: string | null;
  billing_name: string | null;
  billing_address: string | null;
  billing_contact_name: string | null;
  location_notes: string | null;
  record_job_id: string | null;
  customer_key: string | null;
  billing_key: string | null;
  operator_key: string | null;
  tree_key: string | null;
  record: Json;
  source: 'record' | 'final_only' | 'folder_only';
  fingerprint: string;
  content_sha256: string;
}

/**
 * Identity rows carry the job that named them: the stored spelling is the one of the lowest job id
 * (folder order), so it is the same whichever import, shard or rerun reached the identity first.
 */
export interface CustomerRow {
  name_key: string;
  name: string;
  source_job_id: string;
}
export interface BillingProfileRow {
  profile_key: string;
  billing_name: string | null;
  billing_address: string | null;
  billing_contact_name: string | null;
  source_job_id: string;
}
export interface OperatorRow {
  name_key: string;
  name: string;
  isa_number: string | null;
  phone: string | null;
  correspondence_email: string | null;
  source_job_id: string;
}
export interface TreeRow {
  customer_key: string;
  tree_key: string;
  tree_number: number | null;
  tree_number_raw: string;
  source_job_id: string;
}

export interface RoundRow {
  job_id: string;
  round_id: string;
  status: string | null;
  server_revision_id: string | null;
  manifest_items: number | null;
  manifest: Json;
  review: Json;
  row_sha256: string;
}

export type RoundSource = 'manifest' | 'review';

export interface RecordingRow {
  job_id: string;
  section_id: string;
  recording_id: string;
  round_id: string | null;
  round_source: RoundSource | null;
  /** Every round whose manifest or review names this medium, and its placement round (mentions.ts). */
  mentioned_in: string[];
  file_path: string | null;
  content_type: string | null;
  bytes: number | null;
  upload_status: string | null;
  duration_ms: number | null;
  uploaded_at: string | null;
  transcript_path: string | null;
  meta: Json;
  row_sha256: string;
}

export interface ImageRow {
  job_id: string;
  image_id: string;
  section_id: string;
  round_id: string | null;
  round_source: RoundSource | null;
  /** Every round whose manifest or review names this image, and its placement round (mentions.ts). */
  mentioned_in: string[];
  file_path: string | null;
  report_path: string | null;
  content_type: string | null;
  bytes: number | null;
  report_bytes: number | null;
  caption: string | null;
  latitude: number | null;
  longitude: number | null;
  uploaded_at: string | null;
  meta: Json;
  row_sha256: string;
}

export interface FinalRow {
  job_id: string;
  kind: SnapshotKind;
  round_id: string | null;
  server_revision_id: string | null;
  client_revision_id: string | null;
  archived_at: string | null;
  user_name: string | null;
  operator_key: string | null;
  source_path: string;
  payload: Json;
  payload_sha256: string;
  row_sha256: string;
}

export interface GeoJsonRow {
  job_id: string;
  kind: SnapshotKind;
  source_path: string;
  payload: Json;
  payload_sha256: string;
  row_sha256: string;
}

export interface ArtifactRow {
  job_id: string;
  path: string;
  kind: ArtifactKind;
  round_id: string | null;
  snapshot: SnapshotKind | null;
  section_id: string | null;
  media_id: string | null;
  size: number;
  mtime: string;
  sha256: string | null;
  row_sha256: string;
}

export interface FindingRow {
  job_id: string;
  id: string;
  kind: string;
  severity: string;
  summary: string;
  source_values: Json;
  paths: string[];
}

export interface IssueRow {
  job_id: string | null;
  path: string;
  pointer: string;
  message: string;
}

/** Everything one job folder becomes. */
export interface JobPlan {
  job: JobRow;
  customers: CustomerRow[];
  billingProfiles: BillingProfileRow[];
  operators: OperatorRow[];
  trees: TreeRow[];
  rounds: RoundRow[];
  recordings: RecordingRow[];
  images: ImageRow[];
  finals: FinalRow[];
  geojson: GeoJsonRow[];
  artifacts: ArtifactRow[];
  findings: FindingRow[];
  issues: IssueRow[];
  /** JSON files opened to plan this job (a skipped, unchanged folder opens none). */
  filesRead: number;
}

/** Staging table name and column order for each row list of a plan. */
export const STAGING_COLUMNS = {
  stg_jobs: [
    'job_id',
    'job_number',
    'status',
    'status_raw',
    'latest_round_id',
    'latest_round_status',
    'tree_number',
    'customer_name',
    'address',
    'tree_species',
    'reason',
    'job_name',
    'job_address',
    'job_phone',
    'contact_preference',
    'billing_name',
    'billing_address',
    'billing_contact_name',
    'location_notes',
    'record_job_id',
    'customer_key',
    'billing_key',
    'operator_key',
    'tree_key',
    'record',
    'source',
    'fingerprint',
    'content_sha256',
  ],
  stg_customers: ['name_key', 'name', 'source_job_id'],
  stg_billing_profiles: [
    'profile_key',
    'billing_name',
    'billing_address',
    'billing_contact_name',
    'source_job_id',
  ],
  stg_operators: ['name_key', 'name', 'isa_number', 'phone', 'correspondence_email', 'source_job_id'],
  stg_trees: ['customer_key', 'tree_key', 'tree_number', 'tree_number_raw', 'source_job_id'],
  stg_rounds: [
    'job_id',
    'round_id',
    'status',
    'server_revision_id',
    'manifest_items',
    'manifest',
    'review',
    'row_sha256',
  ],
  stg_recordings: [
    'job_id',
    'section_id',
    'recording_id',
    'round_id',
    'round_source',
    'mentioned_in',
    'file_path',
    'content_type',
    'bytes',
    'upload_status',
    'duration_ms',
    'uploaded_at',
    'transcript_path',
    'meta',
    'row_sha256',
  ],
  stg_images: [
    'job_id',
    'image_id',
    'section_id',
    'round_id',
    'round_source',
    'mentioned_in',
    'file_path',
    'report_path',
    'content_type',
    'bytes',
    'report_bytes',
    'caption',
    'latitude',
    'longitude',
    'uploaded_at',
    'meta',
    'row_sha256',
  ],
  stg_finals: [
    'job_id',
    'kind',
    'round_id',
    'server_revision_id',
    'client_revision_id',
    'archived_at',
    'user_name',
    'operator_key',
    'source_path',
    'payload',
    'payload_sha256',
    'row_sha256',
  ],
  stg_geojson: ['job_id', 'kind', 'source_path', 'payload', 'payload_sha256', 'row_sha256'],
  stg_findings: ['job_id', 'id', 'kind', 'severity', 'summary', 'source_values', 'paths'],
  stg_artifacts: [
    'job_id',
    'path',
    'kind',
    'round_id',
    'snapshot',
    'section_id',
    'media_id',
    'size',
    'mtime',
    'sha256',
    'row_sha256',
  ],
} as const;

export type StagingTable = keyof typeof STAGING_COLUMNS;
