/**
 * The rows the storage root's files become, their types inferred from the staging declarations
 * (storage-staging-tables.ts). No row type has a place for a plaintext token.
 */
import type { StorageStagingRow } from './storage-staging-tables.ts';

export type DeviceRow = StorageStagingRow<'stg_devices'>;
export type TokenRow = StorageStagingRow<'stg_device_tokens'>;
export type AssignmentRow = StorageStagingRow<'stg_job_assignments'>;
export type ProfileRow = StorageStagingRow<'stg_operator_profiles'>;
/** An assessor named by a profile: added to operators when no job names them. */
export type ProfileOperatorRow = StorageStagingRow<'stg_profile_operators'>;

/** Which lists of the storage root this run read whole: only those may drop or mark rows as gone. */
export type ListName = StorageStagingRow<'stg_storage_lists'>['list'];
