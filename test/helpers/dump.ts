import type { ExecutionContext } from 'ava';
import type pg from 'pg';

export const DATA_TABLES = [
  'customers',
  'billing_profiles',
  'operators',
  'trees',
  'jobs',
  'job_rounds',
  'round_recordings',
  'round_images',
  'job_finals',
  'job_geojson_exports',
  'artifacts',
  'job_events',
  'reconciliation',
] as const;

/** The storage root's tables (schema/011): in every canonical dump, not in the job-store row counts. */
export const STORAGE_ROOT_TABLES = [
  'devices',
  'device_tokens',
  'job_assignments',
  'operator_profiles',
  'device_events',
] as const;

/** Columns that record when or in which run a row was written, not what it holds. */
const VOLATILE = [
  'created_at',
  'imported_at',
  'updated_at',
  'first_run_id',
  'last_run_id',
  'run_id',
  'reviewed_at',
];

export interface DumpOptions {
  /**
   * Replace identity ids and codes (and every reference to them) by the identities' natural keys:
   * for imports whose id order legitimately differs, such as shards running side by side.
   */
  naturalIdentityKeys?: boolean;
}

/** Identity references as natural keys, per table: the column dropped and the expression that replaces it. */
const NATURAL_KEYS: Record<string, { drop: string[]; joins: string; add: string }> = {
  customers: { drop: ['id', 'code'], joins: '', add: "'{}'::jsonb" },
  billing_profiles: { drop: ['id', 'code'], joins: '', add: "'{}'::jsonb" },
  operators: { drop: ['id', 'code'], joins: '', add: "'{}'::jsonb" },
  trees: {
    drop: ['id', 'code', 'customer_id'],
    joins: 'LEFT JOIN customers c ON c.id = t.customer_id',
    add: "jsonb_build_object('customer', c.name_key)",
  },
  jobs: {
    drop: ['customer_id', 'billing_profile_id', 'operator_id', 'tree_id'],
    joins: `LEFT JOIN customers c ON c.id = t.customer_id LEFT JOIN billing_profiles b ON b.id = t.billing_profile_id
            LEFT JOIN operators o ON o.id = t.operator_id LEFT JOIN trees tr ON tr.id = t.tree_id
            LEFT JOIN customers tc ON tc.id = tr.customer_id`,
    add: "jsonb_build_object('customer', c.name_key, 'billing', b.profile_key, 'operator', o.name_key, 'tree', jsonb_build_array(tc.name_key, tr.tree_key))",
  },
  job_finals: {
    drop: ['operator_id'],
    joins: 'LEFT JOIN operators o ON o.id = t.operator_id',
    add: "jsonb_build_object('operator', o.name_key)",
  },
};

/** Every data table as sorted JSON rows without the bookkeeping columns: equal dumps mean equal contents. */
export async function canonicalDump(
  pool: pg.Pool,
  options: DumpOptions = {},
): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of [...DATA_TABLES, ...STORAGE_ROOT_TABLES]) {
    // job_events ids are identity values: they say in which order events came, not what they hold.
    const natural = options.naturalIdentityKeys ? NATURAL_KEYS[table] : undefined;
    const events = table === 'job_events' || table === 'device_events';
    const drop = [...VOLATILE, ...(events ? ['id'] : []), ...(natural?.drop ?? [])];
    const { rows } = await pool.query(
      `SELECT coalesce(jsonb_agg(r ORDER BY r::text), '[]') AS rows
       FROM (SELECT (to_jsonb(t) - $1::text[]) || ${natural?.add ?? "'{}'::jsonb"} AS r FROM ${table} t ${natural?.joins ?? ''}) s`,
      [drop],
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
export function assertSameDump(
  t: ExecutionContext,
  actual: Record<string, unknown[]>,
  expected: Record<string, unknown[]>,
): void {
  t.deepEqual(Object.keys(actual), Object.keys(expected));
  for (const table of Object.keys(expected)) {
    if (JSON.stringify(actual[table]) === JSON.stringify(expected[table])) t.pass(table);
    else t.deepEqual(actual[table], expected[table], table);
  }
}

/**
 * Every table of the database (bookkeeping included: runs, issues, migrations), every column, as one
 * text: what a search for a value that must never be stored, such as a plaintext token, reads.
 */
export async function fullDumpText(pool: pg.Pool): Promise<string> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name
     FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  let text = '';
  for (const { name } of tables) {
    const { rows } = await pool.query(`SELECT coalesce(string_agg(t::text, E'\n'), '') AS t FROM ${name} t`);
    text += `${name}\n${rows[0].t}\n`;
  }
  return text;
}

/**
 * What `pg_dump --data-only` holds, as one string: every table of the public schema (bookkeeping
 * included: import_runs, import_issues, schema_migrations), every column, rows in text order, and
 * every sequence's position. Equal strings mean nothing was written, not even a run row or an id.
 */
export async function wholeDatabaseDump(pool: pg.Pool): Promise<string> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  let dump = '';
  for (const { name } of tables) {
    const { rows } = await pool.query<{ text: string }>(
      `SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C"), '') AS text FROM ${name} t`,
    );
    dump += `-- ${name}\n${rows[0]!.text}\n`;
  }
  const { rows: sequences } = await pool.query<{ line: string }>(
    `SELECT format('%s %s', sequencename, last_value) AS line FROM pg_sequences
     WHERE schemaname = 'public' ORDER BY sequencename`,
  );
  return `${dump}-- sequences\n${sequences.map((s) => s.line).join('\n')}\n`;
}
