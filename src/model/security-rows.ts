/**
 * The rows the storage root's files become, in the column order of their staging tables
 * (sql/staging-security.sql). No row type has a place for a plaintext token.
 */
import type { Json } from './rows.ts';

export interface DeviceRow {
  device_id: string;
  device_name: string | null;
  app_version: string | null;
  status: string | null;
  role: string | null;
  created_at: string | null;
  updated_at: string | null;
  approved_at: string | null;
  revoked_at: string | null;
  last_seen_at: string | null;
  profile_summary: Json;
  raw: Json;
  row_sha256: string;
}

export interface TokenRow {
  token_sha256: string;
  device_id: string | null;
  role: string | null;
  issued_at: string | null;
  expires_at: string | null;
  revoked: boolean | null;
  updated_at: string | null;
  /** The entry without its token, and with any copy of a token of the file replaced by its hash prefix. */
  raw: Json;
  row_sha256: string;
}

export interface AssignmentRow {
  job_id: string;
  device_id: string | null;
  assigned_by: string | null;
  assigned_at: string | null;
  raw: Json;
  row_sha256: string;
}

export interface ProfileRow {
  profile_sha256: string;
  operator_key: string | null;
  name: string | null;
  phone: string | null;
  isa_number: string | null;
  correspondence_street: string | null;
  correspondence_city: string | null;
  correspondence_state: string | null;
  correspondence_zip: string | null;
  correspondence_email: string | null;
  source_path: string;
  raw: Json;
  row_sha256: string;
}

/** An assessor named by a profile: added to operators when no job names them. */
export interface ProfileOperatorRow {
  name_key: string;
  name: string;
  isa_number: string | null;
  phone: string | null;
  correspondence_email: string | null;
  source_profile: string;
}

/** Which lists of the storage root this run read whole: only those may drop or mark rows as gone. */
export type ListName = 'devices' | 'tokens' | 'assignments';

export const SECURITY_STAGING_COLUMNS = {
  stg_devices: [
    'device_id',
    'device_name',
    'app_version',
    'status',
    'role',
    'created_at',
    'updated_at',
    'approved_at',
    'revoked_at',
    'last_seen_at',
    'profile_summary',
    'raw',
    'row_sha256',
  ],
  stg_device_tokens: [
    'token_sha256',
    'device_id',
    'role',
    'issued_at',
    'expires_at',
    'revoked',
    'updated_at',
    'raw',
    'row_sha256',
  ],
  stg_job_assignments: ['job_id', 'device_id', 'assigned_by', 'assigned_at', 'raw', 'row_sha256'],
  stg_operator_profiles: [
    'profile_sha256',
    'operator_key',
    'name',
    'phone',
    'isa_number',
    'correspondence_street',
    'correspondence_city',
    'correspondence_state',
    'correspondence_zip',
    'correspondence_email',
    'source_path',
    'raw',
    'row_sha256',
  ],
  stg_profile_operators: [
    'name_key',
    'name',
    'isa_number',
    'phone',
    'correspondence_email',
    'source_profile',
  ],
  stg_storage_lists: ['list'],
  stg_profile_files: ['profile_sha256'],
} as const;

export type SecurityStagingTable = keyof typeof SECURITY_STAGING_COLUMNS;
