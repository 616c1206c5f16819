/** What the staging-declaration tests compare against: a table's columns in PostgreSQL, a merge's INSERTs. */
import type pg from 'pg';

/**
 * A table's columns and their types, in order. With `stagingSql`, the table is a temp table that this
 * script creates on the connection first.
 */
export async function columnTypes(
  pool: pg.Pool,
  table: string,
  stagingSql?: string,
): Promise<Map<string, string>> {
  const client = await pool.connect();
  try {
    if (stagingSql) await client.query(stagingSql);
    const { rows } = await client.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
       WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [stagingSql ? `pg_temp.${table}` : table],
    );
    return new Map(rows.map((r) => [r.name, r.type]));
  } finally {
    client.release();
  }
}

/** Every column named in the merge text's `INSERT INTO <target> (...)` lists. */
export function insertedColumns(mergeSql: string, target: string): Set<string> {
  const lists = [...mergeSql.matchAll(new RegExp(`INSERT INTO ${target} \\(([^)]*)\\)`, 'g'))];
  return new Set(lists.flatMap((m) => m[1]!.split(',').map((c) => c.trim())));
}
