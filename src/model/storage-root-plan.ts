/**
 * Plan the storage root's files (pure): parsed security lists and profiles become rows. Tokens are
 * hashed here and the plaintext goes no further: the rows, the raw jsonb and the issues hold only
 * its sha256, and every copy of a known token in any row becomes its label (util/token-redact.ts).
 * Attribution of profiles to devices, history and findings are the database's work
 * (src/import/sql/merge-storage-root.sql, findings-storage-root.sql): they need rows a rerun does
 * not re-read.
 */
import type { ParsedEntry, ParsedList } from '../legacy/storage-root/read-list.ts';
import type {
  AssignmentEntry,
  DeviceEntry,
  ProfileEntry,
  TokenEntry,
} from '../legacy/storage-root/schemas.ts';
import type { FileIssue } from '../legacy/issues.ts';
import { type KnownTokens, Redactor, tokenLabel, tokenSha256 } from '../util/token-redact.ts';
import { displayName, identityKey } from './identity.ts';
import type { IssueRow } from './rows.ts';
import type {
  AssignmentRow,
  DeviceRow,
  ListName,
  ProfileOperatorRow,
  ProfileRow,
  TokenRow,
} from './storage-root-rows.ts';
import { withRowHash } from './values.ts';

export interface ProfileRead {
  rel: string;
  profileSha256: string;
  usable: boolean;
  value: ProfileEntry | null;
  raw: Record<string, unknown> | null;
  issues: FileIssue[];
}

/** What this run read; a list is null when it was not read (unchanged) or could not be used. */
export interface SecurityInput {
  devices: ParsedList<DeviceEntry> | null;
  tokens: ParsedList<TokenEntry> | null;
  assignments: ParsedList<AssignmentEntry> | null;
  profiles: ProfileRead[];
  /** The tokens known before this plan (stored hashes, this run's plaintexts): copies are redacted. */
  known?: KnownTokens;
}

export interface SecurityPlan {
  devices: DeviceRow[];
  tokens: TokenRow[];
  assignments: AssignmentRow[];
  profiles: ProfileRow[];
  operators: ProfileOperatorRow[];
  /** The lists read whole this run. */
  lists: ListName[];
  issues: IssueRow[];
}

export { tokenLabel, tokenSha256 };

export function planSecurity(input: SecurityInput): SecurityPlan {
  const issues: FileIssue[] = [];
  const lists: ListName[] = [];
  const redactor = redactorOf(input);
  // Every row is redacted of any token (this run's or a stored one) before it is hashed.
  const seal = <R extends object>(row: R) => withRowHash(redactor.json(row).value as R);
  const rows = <E, R extends object>(
    name: ListName,
    list: ParsedList<E> | null,
    toRow: (e: ParsedEntry<E>) => R,
  ): (R & { row_sha256: string })[] => {
    if (!list) return [];
    issues.push(...list.issues);
    if (!list.usable) return [];
    lists.push(name);
    return list.entries.map((e) => seal(toRow(e)));
  };
  const path = (name: string) => `security/${name}.json`;
  const devices = rows('devices', input.devices, (e) => deviceRow(e, path('devices'), issues));
  const tokens = rows('tokens', input.tokens, (e) => tokenRow(e, issues));
  const assignments = rows('assignments', input.assignments, (e) =>
    assignmentRow(e, path('job_assignments'), issues),
  );
  const profiles: ProfileRow[] = [];
  for (const p of input.profiles) {
    issues.push(...p.issues);
    if (p.usable && p.value && p.raw) profiles.push(seal(profileRow(p, p.value, p.raw)));
  }
  return {
    devices,
    tokens,
    assignments,
    profiles,
    operators: profiles.flatMap(profileOperator),
    lists,
    issues: issues.map((i) => ({ job_id: null, ...i })),
  };
}

/** The tokens this plan redacts: those known before, and those of this run's tokens.json. */
function redactorOf(input: SecurityInput): Redactor {
  const read = (input.tokens?.entries ?? []).map((e) => e.id);
  const known = input.known ?? { plaintexts: [], hashes: [] };
  return new Redactor({ plaintexts: [...known.plaintexts, ...read], hashes: known.hashes });
}

type Unhashed<R> = Omit<R, 'row_sha256'>;

function deviceRow(e: ParsedEntry<DeviceEntry>, file: string, issues: FileIssue[]): Unhashed<DeviceRow> {
  const v = e.value;
  const at = (field: 'created_at' | 'updated_at' | 'approved_at' | 'revoked_at' | 'last_seen_at') =>
    time(v[field], file, `${e.pointer}/${field}`, issues);
  return {
    device_id: e.id,
    device_name: v.device_name,
    app_version: v.app_version,
    status: v.status,
    role: v.role,
    created_at: at('created_at'),
    updated_at: at('updated_at'),
    approved_at: at('approved_at'),
    revoked_at: at('revoked_at'),
    last_seen_at: at('last_seen_at'),
    profile_summary: v.profile_summary ?? null,
    raw: e.raw,
  };
}

/** A token row: the secret is hashed and dropped from raw (copies elsewhere are scrubbed by the caller). */
function tokenRow(e: ParsedEntry<TokenEntry>, issues: FileIssue[]): Unhashed<TokenRow> {
  const v = e.value;
  const at = (field: 'issued_at' | 'expires_at' | 'updated_at') =>
    time(v[field], 'security/tokens.json', `${e.pointer}/${field}`, issues);
  const { token: _secret, ...rest } = e.raw;
  return {
    token_sha256: tokenSha256(e.id),
    device_id: v.device_id,
    role: v.role,
    issued_at: at('issued_at'),
    expires_at: at('expires_at'),
    revoked: v.revoked,
    updated_at: at('updated_at'),
    raw: rest,
  };
}

function assignmentRow(
  e: ParsedEntry<AssignmentEntry>,
  file: string,
  issues: FileIssue[],
): Unhashed<AssignmentRow> {
  const v = e.value;
  return {
    job_id: e.id,
    device_id: v.device_id,
    assigned_by: v.assigned_by,
    assigned_at: time(v.assigned_at, file, `${e.pointer}/assigned_at`, issues),
    raw: e.raw,
  };
}

function profileRow(p: ProfileRead, v: ProfileEntry, raw: Record<string, unknown>): Unhashed<ProfileRow> {
  return {
    profile_sha256: p.profileSha256,
    operator_key: identityKey(v.name),
    name: v.name,
    phone: v.phone,
    isa_number: v.isa_number,
    correspondence_street: v.correspondence_street,
    correspondence_city: v.correspondence_city,
    correspondence_state: v.correspondence_state,
    correspondence_zip: v.correspondence_zip,
    correspondence_email: v.correspondence_email,
    source_path: p.rel,
    raw,
  };
}

function profileOperator(p: ProfileRow): ProfileOperatorRow[] {
  const name = displayName(p.name);
  if (!p.operator_key || !name) return [];
  const { isa_number, phone, correspondence_email } = p;
  return [
    {
      name_key: p.operator_key,
      name,
      isa_number,
      phone,
      correspondence_email,
      source_profile: p.profile_sha256,
    },
  ];
}

/** An ISO time, or null with an issue; the value itself is never quoted (it could be a secret). */
function time(value: string | null, file: string, pointer: string, issues: FileIssue[]): string | null {
  if (value === null || value === '') return null;
  const ms = Date.parse(value);
  const year = Number.isNaN(ms) ? NaN : new Date(ms).getUTCFullYear();
  if (!(year >= 1 && year <= 9999)) {
    issues.push({ path: file, pointer, message: 'not a valid timestamp (year 1 to 9999); stored as null' });
    return null;
  }
  return new Date(ms).toISOString();
}
