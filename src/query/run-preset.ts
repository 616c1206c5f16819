/**
 * Runs one preset in a READ ONLY transaction through a server-side cursor: DECLARE ... CURSOR FOR the
 * preset's own SQL with $1/$2 bound, then FETCH pages of FETCH_SIZE rows, asking for the next page
 * before handing the current one to the sink. At most two pages are held, whatever the preset
 * returns. --limit stops fetching (no page is asked for past it); it is never spliced into the SQL.
 */
import type pg from 'pg';
import { transaction } from '../db/transaction.ts';
import { sqlFolder } from '../db/sql-files.ts';
import { UsageError } from '../util/errors.ts';
import { type Preset, SNAPSHOT_CHOICES, type SnapshotChoice } from './presets.ts';
import { presetTypes } from './values.ts';

// With the next page asked for while the sink works, 5,000-row pages measured no faster than 1,000
// on the 20,000-job store's big presets (up to 77,000 rows), and hold five times the rows.
export const FETCH_SIZE = 1000;

export interface PresetFilter {
  /** A job folder, or the job_id inside a staged export's final (sql/resolve-job.sql). */
  job?: string | null;
  kind?: string | null;
  /** Only for presets that take it (Preset.snapshotChoice); they read null as their own default. */
  snapshot?: SnapshotChoice | null;
  limit?: number | null;
}

const RESOLVE_JOB_SQL = sqlFolder(import.meta.url)('resolve-job.sql');

/**
 * Receives the columns once, then pages of rows (values in column order). Awaited: a slow sink slows the
 * fetching.
 */
export interface RowSink {
  columns(names: string[]): void | Promise<void>;
  rows(rows: unknown[][]): void | Promise<void>;
}

const CURSOR = 'jobmig_preset';

export async function runPreset(
  pool: pg.Pool,
  preset: Preset,
  filter: PresetFilter,
  sink: RowSink,
): Promise<number> {
  const limit = filter.limit ?? Infinity;
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 0)))
    throw new UsageError(`--limit must be a whole number >= 0, got ${filter.limit}`);
  checkSnapshot(preset, filter.snapshot ?? null);
  try {
    return await transaction(pool, 'read only', (client) =>
      streamPreset(client, preset, filter, limit, sink),
    );
  } catch (err) {
    throw new Error(`preset ${preset.name} failed: ${(err as Error).message}`, { cause: err });
  }
}

async function streamPreset(
  client: pg.PoolClient,
  preset: Preset,
  filter: PresetFilter,
  limit: number,
  sink: RowSink,
): Promise<number> {
  let sent = 0;
  // Timestamps leave as ISO-8601 in UTC whatever the server's or role's settings.
  await client.query("SET LOCAL TimeZone = 'UTC'");
  await client.query("SET LOCAL DateStyle = 'ISO'");
  // The jsonb set-returning functions make row estimates huge, so PostgreSQL JIT-compiles the bigger
  // presets: seconds of compiling (measured 4 s on pruning-candidates) for a plan that runs once.
  await client.query('SET LOCAL jit = off');
  // The big presets sort and hash tens of thousands of rows (media-by-job groups 320,000 media rows,
  // archive-retention joins 96,000 artifacts), which spills to temporary files under the server's
  // default 4MB. 64MB per sort or hash node holds a 20,000-job store's; this is one read-only session.
  await client.query("SET LOCAL work_mem = '64MB'");
  // The preset text is ours (a file in the package); user input only ever travels as $1, $2 and $3.
  const params: unknown[] = [await resolveJob(client, filter.job ?? null), filter.kind ?? null];
  if (preset.snapshotChoice) params.push(filter.snapshot ?? null);
  await client.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR\n${preset.sql}`, params);
  const fetch = (count: number) => {
    const page = client.query<unknown[]>({
      text: `FETCH ${count} FROM ${CURSOR}`,
      rowMode: 'array',
      types: presetTypes,
    });
    // Awaited below; until then a failure must not count as unhandled (the sink may throw first).
    page.catch(() => {});
    return page;
  };
  let want = Math.min(FETCH_SIZE, limit);
  let next = fetch(want);
  let announced = false;
  for (;;) {
    const page = await next;
    if (!announced) {
      await sink.columns(page.fields.map((f) => f.name));
      announced = true;
    }
    sent += page.rows.length;
    const done = page.rows.length < want || sent >= limit;
    // The next page is asked for before this one is handed over, so the server produces it while
    // the sink formats and writes this one: at most two pages are held.
    if (!done) next = fetch((want = Math.min(FETCH_SIZE, limit - sent)));
    if (page.rows.length > 0) await sink.rows(page.rows);
    if (done) break;
  }
  return sent;
}

/** --snapshot is a choice of the presets that read one snapshot per job; elsewhere it is a usage error. */
function checkSnapshot(preset: Preset, snapshot: string | null): void {
  if (snapshot === null) return;
  if (!preset.snapshotChoice) throw new UsageError(`preset ${preset.name} has no --snapshot choice`);
  if (!(SNAPSHOT_CHOICES as readonly string[]).includes(snapshot))
    throw new UsageError(`--snapshot must be one of ${SNAPSHOT_CHOICES.join(', ')}, got "${snapshot}"`);
}

/** The folder a --job value names: itself, or the staged export whose final has that job_id. */
async function resolveJob(client: pg.PoolClient, job: string | null): Promise<string | null> {
  if (job === null) return null;
  const { rows } = await client.query<{ job_id: string }>(RESOLVE_JOB_SQL(), [job]);
  return rows[0]?.job_id ?? job;
}
