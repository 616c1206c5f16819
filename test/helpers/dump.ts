import type { ExecutionContext } from 'ava';
import type pg from 'pg';

export const DATA_TABLES = [
  'customers', 'billing_profiles', 'operators', 'trees', 'jobs', 'job_rounds', 'round_recordings',
  'round_images', 'job_finals', 'job_geojson_exports', 'artifacts', 'job_events', 'reconciliation',
] as const;

/** Columns that record when or in which run a row was written, not what it holds. */
const VOLATILE = ['created_at', 'imported_at', 'updated_at', 'first_run_id', 'last_run_id', 'run_id', 'reviewed_at'];

/** Every data table as sorted JSON rows without the bookkeeping columns: equal dumps mean equal contents. */
export async function canonicalDump(pool: pg.Pool): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of DATA_TABLES) {
    const { rows } = await pool.query(
      // job_events ids are identity values: they say in which order events came, not what they hold.
      `SELECT coalesce(jsonb_agg(r ORDER BY r::text), '[]') AS rows
       FROM (SELECT to_jsonb(t) - $1::text[] ${table === 'job_events' ? "- 'id'" : ''} AS r FROM ${table} t) s`,
      [VOLATILE],
    );
    dump[table] = rows[0].rows;
  }
  return dump;
}

export async function rowCounts(pool: pg.Pool): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of DATA_TABLES) {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = rows[0].n;
  }
  return counts;
}

/**
 * Two dumps are equal. Compared as JSON text per table first: ava's deep diff of thousands of rows
 * takes seconds, so it runs only for a table that differs, to show how.
 */
export function assertSameDump(t: ExecutionContext, actual: Record<string, unknown[]>, expected: Record<string, unknown[]>): void {
  t.deepEqual(Object.keys(actual), Object.keys(expected));
  for (const table of Object.keys(expected)) {
    if (JSON.stringify(actual[table]) === JSON.stringify(expected[table])) t.pass(table);
    else t.deepEqual(actual[table], expected[table], table);
  }
}
