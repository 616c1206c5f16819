/**
 * The storage-root half of an import run: list security/ and profiles/, read the files whose
 * fingerprint (size, mtime) changed, plan them (storage-root-plan.ts), COPY the rows into staging tables
 * and merge them set-based (sql/merge-storage-root.sql) in one transaction; then recompute the storage
 * root's findings (sql/findings-storage-root.sql). Runs after the job folders are loaded, so
 * assignment events find their jobs.
 */
import path from 'node:path';
import type pg from 'pg';
import { copyRows } from '../db/copy.ts';
import { sqlFolder } from '../db/sql-files.ts';
import { inClientTransaction } from '../db/transaction.ts';
import type { FileIssue } from '../legacy/issues.ts';
import { readCapped } from '../legacy/read-job.ts';
import {
  type ListSpec,
  type ParsedList,
  parseObjectFile,
  parseSecurityList,
} from '../legacy/storage-root/read-list.ts';
import {
  listStorageRoot,
  PROFILE_NAME,
  type SecurityFileState,
  type StorageFile,
  type StorageListing,
} from '../legacy/storage-root/storage-root.ts';
import {
  type Fields,
  profileFields,
  SECURITY_FILES,
  type SecurityFileName,
} from '../legacy/storage-root/schemas.ts';
import type { IssueRow } from '../model/rows.ts';
import { addMergeCounts, emptyCounts, type RunCounts } from '../staging/counts.ts';
import { sha256Hex } from '../util/hash.ts';
import {
  planSecurity,
  type ProfileRead,
  type SecurityInput,
  type SecurityPlan,
} from '../model/storage-root-plan.ts';
import { type KnownTokens, Redactor, tokenLabel, tokenSha256 } from '../util/token-redact.ts';
import {
  STORAGE_STAGING_SQL,
  STORAGE_STAGING_TABLES,
  type StorageStagingTable,
} from '../model/storage-staging-tables.ts';
import { applySettings } from '../db/session-settings.ts';

const sqlFile = sqlFolder(import.meta.url);
const MERGE_SQL = sqlFile('merge-storage-root.sql');
const FINDINGS_SQL = sqlFile('findings-storage-root.sql');

/** Part of every storage-root file fingerprint: bump it when what a file becomes changes. */
const STORAGE_PLANNER_VERSION = 'jobmig-storage-1';
const ISSUE_COLUMNS = ['run_id', 'job_id', 'path', 'pointer', 'message'];

export interface StorageRootCounts {
  files_found: number;
  files_read: number;
  skipped_unchanged: number;
}

interface Fingerprint {
  path: string;
  fingerprint: string;
  sha256: string | null;
}

interface Stored {
  fingerprint: string;
  sha256: string | null;
}

/** What the reading pass decided about one file: skip it, only note its new fingerprint, or use its bytes. */
type FileDecision =
  | { use: 'skip' }
  | { use: 'touch'; fp: Fingerprint }
  | { use: 'bytes'; fp: Fingerprint; bytes: Uint8Array };

export interface StorageRootResult {
  counts: RunCounts;
  files: StorageRootCounts;
  findings: { inserted: number; gone: number };
}

export async function importStorageRoot(
  client: pg.ClientBase,
  runId: number,
  storageRoot: string,
  jobDirs: readonly string[],
  options: { full: boolean; known: KnownTokens },
): Promise<StorageRootResult> {
  const listing = await listStorageRoot(storageRoot);
  const redactor = new Redactor(options.known);
  const stored = await storedFingerprints(client);
  const reader = new StorageReader(storageRoot, stored, options.full, [...listing.issues], redactor);
  const input = readChanged(reader, listing);
  const plan = planSecurity({ ...input, known: options.known });
  const counts: RunCounts = {};
  await inClientTransaction(client, 'read write', async () => {
    // Shards all run this part; one at a time, and a later one finds the rows already merged.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('jobmig:storage-root'))");
    await applySettings(client, { run_id: runId });
    const issues = [...reader.issues.map((i) => ({ job_id: null, ...i })), ...plan.issues];
    await recordIssues(client, runId, issues, counts, redactor);
    await stage(client, plan, listing.profiles);
    readCounts(counts, plan);
    addMergeCounts(counts, (await client.query(MERGE_SQL())) as unknown as pg.QueryResult[]);
    await saveFingerprints(client, runId, reader.fingerprints, listing.profiles);
  });
  const findings = await recomputeFindings(client, runId, jobDirs);
  return { counts, files: reader.counts, findings };
}

/**
 * The files whose fingerprint changed, read and parsed; the others stay null (lists) or absent (profiles).
 */
function readChanged(reader: StorageReader, listing: StorageListing): SecurityInput {
  return {
    devices: reader.securityList('devices', listing.security.devices),
    tokens: reader.securityList('tokens', listing.security.tokens),
    assignments: reader.securityList('assignments', listing.security.assignments),
    profiles: listing.profiles.flatMap((file) => reader.profile(file) ?? []),
  };
}

async function recordIssues(
  client: pg.ClientBase,
  runId: number,
  issues: readonly IssueRow[],
  counts: RunCounts,
  redactor: Redactor,
): Promise<void> {
  const rows = issues.map((i) => ({ ...i, run_id: runId }));
  await copyRows(client, 'import_issues', ISSUE_COLUMNS, rows, redactor);
  counts.import_issues = { ...emptyCounts(), read: issues.length, inserted: issues.length };
}

/** COPY the plan into the session's staging tables, with the lists read whole and every profile on disk. */
async function stage(
  client: pg.ClientBase,
  plan: SecurityPlan,
  profiles: readonly StorageFile[],
): Promise<void> {
  await client.query(STORAGE_STAGING_SQL);
  const staged: Record<StorageStagingTable, readonly object[]> = {
    stg_devices: plan.devices,
    stg_device_tokens: plan.tokens,
    stg_job_assignments: plan.assignments,
    stg_operator_profiles: plan.profiles,
    stg_profile_operators: plan.operators,
    stg_storage_lists: plan.lists.map((list) => ({ list })),
    stg_profile_files: profiles.map((f) => ({
      profile_sha256: PROFILE_NAME.exec(path.basename(f.rel))![1]!,
    })),
  };
  for (const [table, rows] of Object.entries(staged) as [StorageStagingTable, object[]][]) {
    const columns = STORAGE_STAGING_TABLES[table].copyColumns;
    if (rows.length > 0) await copyRows(client, table, columns, rows as never);
  }
}

/** The storage root's findings, from the stored rows (sql/findings-storage-root.sql). */
function recomputeFindings(
  client: pg.ClientBase,
  runId: number,
  jobDirs: readonly string[],
): Promise<{ inserted: number; gone: number }> {
  return inClientTransaction(client, 'read write', async () => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('jobmig:storage-root'))");
    const row = (await client.query(FINDINGS_SQL(), [runId, jobDirs])).rows[0];
    return { inserted: Number(row.inserted), gone: Number(row.gone) };
  });
}

/** Reads the files whose fingerprint changed; collects their fingerprints and the problems met. */
class StorageReader {
  readonly fingerprints: Fingerprint[] = [];
  readonly counts: StorageRootCounts = { files_found: 0, files_read: 0, skipped_unchanged: 0 };

  constructor(
    private readonly root: string,
    private readonly stored: ReadonlyMap<string, Stored>,
    private readonly full: boolean,
    readonly issues: FileIssue[],
    private readonly redactor: Redactor,
  ) {}

  securityList<N extends SecurityFileName>(
    name: N,
    found: SecurityFileState,
  ): ParsedList<Fields<(typeof SECURITY_FILES)[N]['fields']>> | null {
    const spec = SECURITY_FILES[name] as ListSpec<(typeof SECURITY_FILES)[N]['fields']>;
    if (found.state === 'refused') return null;
    if (found.state === 'missing') {
      // The legacy server reads a missing file as an empty list.
      if (this.stored.get(spec.path)?.fingerprint === 'missing' && !this.full) return null;
      this.fingerprints.push({ path: spec.path, fingerprint: 'missing', sha256: null });
      return { usable: true, entries: [], issues: [] };
    }
    const decision = this.decide(found.file);
    if (decision.use !== 'bytes') return null;
    // Tokens are named by their hash in every message, never by value.
    const label =
      name === 'tokens'
        ? (id: string) => `the ${tokenLabel(tokenSha256(id))}`
        : (id: string) => `${spec.id} "${id}"`;
    // tokens.json is read as it is: its plaintexts are what the redactor knows, and the plan hashes them.
    return parseSecurityList(spec, decision.bytes, label, name === 'tokens' ? Redactor.none : this.redactor);
  }

  profile(file: StorageFile): ProfileRead | null {
    const decision = this.decide(file);
    if (decision.use !== 'bytes') return null;
    const parsed = parseObjectFile(file.rel, profileFields, decision.bytes, this.redactor);
    const profileSha256 = PROFILE_NAME.exec(path.basename(file.rel))![1]!;
    return { rel: file.rel, profileSha256, ...parsed };
  }

  private decide(file: StorageFile): FileDecision {
    this.counts.files_found++;
    // The set of known tokens is part of it: when it changes, every file is read and redacted again.
    const version = `${STORAGE_PLANNER_VERSION}${this.redactor.fingerprint}`;
    const fingerprint = sha256Hex(`${version}\0${file.size}\0${file.mtimeMs}`);
    const before = this.stored.get(file.rel);
    if (before?.fingerprint === fingerprint && !this.full) {
      this.counts.skipped_unchanged++;
      return { use: 'skip' };
    }
    let bytes: Uint8Array;
    try {
      bytes = readCapped(path.join(this.root, file.rel));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
      this.issues.push({
        path: file.rel,
        pointer: '',
        message: `could not read file (${code}); what it gave before is kept`,
      });
      return { use: 'skip' };
    }
    this.counts.files_read++;
    // With tokens known, "unchanged" also means "read under the same token set".
    const tokens = this.redactor.fingerprint;
    const sha256 = tokens ? sha256Hex(`${sha256Hex(bytes)}\0${tokens}`) : sha256Hex(bytes);
    const fp = { path: file.rel, fingerprint, sha256 };
    this.fingerprints.push(fp);
    if (before?.sha256 === fp.sha256 && !this.full) return { use: 'touch', fp };
    return { use: 'bytes', fp, bytes };
  }
}

async function storedFingerprints(client: pg.ClientBase): Promise<Map<string, Stored>> {
  const { rows } = await client.query<{ path: string } & Stored>(
    'SELECT path, fingerprint, sha256 FROM storage_root_files',
  );
  return new Map(rows.map((r) => [r.path, { fingerprint: r.fingerprint, sha256: r.sha256 }]));
}

async function saveFingerprints(
  client: pg.ClientBase,
  runId: number,
  fingerprints: readonly Fingerprint[],
  profiles: readonly StorageFile[],
): Promise<void> {
  await client.query(
    `INSERT INTO storage_root_files (path, fingerprint, sha256, last_run_id)
     SELECT * , $4::bigint FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (path) DO UPDATE SET fingerprint = excluded.fingerprint, sha256 = excluded.sha256,
       last_run_id = excluded.last_run_id`,
    [
      fingerprints.map((f) => f.path),
      fingerprints.map((f) => f.fingerprint),
      fingerprints.map((f) => f.sha256),
      runId,
    ],
  );
  await client.query(
    `DELETE FROM storage_root_files WHERE path LIKE 'profiles/%' AND path <> ALL ($1::text[])`,
    [profiles.map((p) => p.rel)],
  );
}

function readCounts(counts: RunCounts, plan: SecurityPlan): void {
  const read: Record<string, number> = {
    devices: plan.devices.length,
    device_tokens: plan.tokens.length,
    job_assignments: plan.assignments.length,
    operator_profiles: plan.profiles.length,
  };
  for (const [table, n] of Object.entries(read)) counts[table] = { ...emptyCounts(), read: n };
}

/**
 * The tokens this run knows before it reads anything: the sha256 of every stored token and the
 * plaintexts of the storage root's tokens.json when it can be read (docs/security.md "Tokens").
 */
export async function knownTokens(client: pg.ClientBase, storageRoot: string | null): Promise<KnownTokens> {
  const { rows } = await client.query<{ token_sha256: string }>('SELECT token_sha256 FROM device_tokens');
  const hashes = rows.map((r) => r.token_sha256);
  if (!storageRoot) return { plaintexts: [], hashes };
  const spec = SECURITY_FILES.tokens;
  let bytes: Uint8Array;
  try {
    bytes = readCapped(path.join(storageRoot, spec.path));
  } catch {
    return { plaintexts: [], hashes }; // missing or unreadable: the import reports it when it reads it
  }
  const list = parseSecurityList(spec, bytes, () => '');
  return { plaintexts: list.entries.map((e) => e.id), hashes };
}
