/** Per-table bookkeeping of a run, pgloader style: what was read, what each table did with it. */

export interface TableCounts {
  read: number;
  inserted: number;
  updated: number;
  deleted: number;
  errors: number;
}

export type RunCounts = Record<string, TableCounts>;

/** The identities job folders share (merged first, in a transaction of their own). */
export const IDENTITY_TABLES = ['customers', 'billing_profiles', 'operators', 'trees'] as const;

/** The tables a job folder is loaded into: identities, then the job and what hangs off it. */
export const JOB_STORE_TABLES = [
  ...IDENTITY_TABLES,
  'jobs',
  'job_rounds',
  'round_recordings',
  'round_images',
  'job_finals',
  'job_geojson_exports',
  'artifacts',
] as const;

/** Summary order: the job store's tables, then the storage root's, then the bookkeeping tables. */
export const SUMMARY_TABLES = [
  ...JOB_STORE_TABLES,
  'devices',
  'device_tokens',
  'job_assignments',
  'operator_profiles',
  'device_events',
  'job_events',
  'reconciliation',
  'import_issues',
] as const;

/**
 * A merge script's summary rows, one result per statement that ends in `SELECT tbl, inserted, updated,
 * deleted`, added to the counts; results without a `tbl` are the script's other statements.
 */
export function addMergeCounts(counts: RunCounts, results: readonly { rows?: unknown[] }[]): void {
  for (const result of results) {
    const row = result.rows?.[0] as
      | { tbl?: string; inserted: string; updated: string; deleted: string }
      | undefined;
    if (!row?.tbl) continue;
    const c = (counts[row.tbl] ??= emptyCounts());
    c.inserted += Number(row.inserted);
    c.updated += Number(row.updated);
    c.deleted += Number(row.deleted);
  }
}

export function emptyCounts(): TableCounts {
  return { read: 0, inserted: 0, updated: 0, deleted: 0, errors: 0 };
}

/** A run's counts before it starts: every summary table at zero, in summary order. */
export function emptyRunCounts(): RunCounts {
  return Object.fromEntries(SUMMARY_TABLES.map((table) => [table, emptyCounts()]));
}

/** A table given `n` rows that inserted them all (the issues a run records). */
export function insertedAll(n: number): TableCounts {
  return { ...emptyCounts(), read: n, inserted: n };
}

/** The findings a step opened (or reopened) and closed, as counts of the reconciliation table. */
export function findingCounts(findings: { inserted: number; gone: number }): RunCounts {
  return { reconciliation: { ...emptyCounts(), inserted: findings.inserted, deleted: findings.gone } };
}

export function addCounts(into: RunCounts, delta: RunCounts): void {
  for (const [table, c] of Object.entries(delta)) {
    const t = (into[table] ??= emptyCounts());
    t.read += c.read;
    t.inserted += c.inserted;
    t.updated += c.updated;
    t.deleted += c.deleted;
    t.errors += c.errors;
  }
}

/** Which table a problem file would have fed, so errors show up on the right summary line. */
export function tableForIssuePath(path: string): string {
  const storage =
    STORAGE_ROOT_FILES[path] ?? (/^profiles\/[^/]+$/.test(path) ? 'operator_profiles' : undefined);
  if (storage) return storage;
  if (/\/job_record\.json$/.test(path) || !path.includes('/')) return 'jobs';
  if (/\/rounds\/[^/]+\/(manifest|review)\.json$/.test(path)) return 'job_rounds';
  if (/\/sections\/job_photos\/images\//.test(path)) return 'round_images';
  if (/\/sections\/[^/]+\/recordings\//.test(path)) return 'round_recordings';
  if (/\/final(_correction)?\.json$/.test(path)) return 'job_finals';
  if (/\.geojson$/.test(path)) return 'job_geojson_exports';
  return 'artifacts';
}

/** The storage root's files (paths relative to the storage root) and the table each feeds. */
const STORAGE_ROOT_FILES: Record<string, string> = {
  'security/devices.json': 'devices',
  'security/tokens.json': 'device_tokens',
  'security/job_assignments.json': 'job_assignments',
};
