import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

// Any fixed bigint works, as long as nothing else uses it: "jobmig" in ASCII.
const MIGRATION_LOCK_KEY = '116939633847655';

const CREATE_TABLE = `create table if not exists schema_migrations (
  name text primary key,
  sha256 text not null,
  applied_at timestamptz not null default now()
)`;

interface SchemaFile {
  name: string;
  sql: string;
  sha256: string;
}

/**
 * Applies schemaDir/*.sql in name order, each in its own transaction, and
 * records them in schema_migrations. Every transaction takes the same
 * advisory lock, so concurrent migrate() calls queue instead of colliding.
 * Files must not manage transactions themselves (no BEGIN/COMMIT, no
 * CREATE INDEX CONCURRENTLY).
 */
export async function migrate(pool: pg.Pool, schemaDir: string): Promise<{ applied: string[] }> {
  const files = await readSchemaFiles(schemaDir);
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    // Verify everything before applying anything, so a new file never lands
    // on top of an edited one.
    const recorded = await inTransaction(client, () => recordedHashes(client));
    for (const file of files) assertUnchanged(file, recorded.get(file.name));

    for (const file of files) {
      if (recorded.has(file.name)) continue;
      const didApply = await inTransaction(client, async () => {
        // Re-read under the lock: another process may have applied it meanwhile.
        const now = await recordedHashes(client);
        if (now.has(file.name)) {
          assertUnchanged(file, now.get(file.name));
          return false;
        }
        try {
          await client.query(file.sql);
        } catch (err) {
          throw new Error(`schema/${file.name} failed: ${(err as Error).message}`, { cause: err });
        }
        await client.query('insert into schema_migrations (name, sha256) values ($1, $2)', [
          file.name,
          file.sha256,
        ]);
        return true;
      });
      if (didApply) applied.push(file.name);
    }
  } finally {
    client.release();
  }
  return { applied };
}

async function readSchemaFiles(schemaDir: string): Promise<SchemaFile[]> {
  // Plain code-unit order, not localeCompare: the order must not depend on the machine's locale.
  const names = (await fs.readdir(schemaDir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await fs.readFile(path.join(schemaDir, name), 'utf8');
      return { name, sql, sha256: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

async function inTransaction<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    // Under the lock, so two first-ever runs do not race on creating it.
    await client.query(CREATE_TABLE);
    const result = await fn();
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  }
}

async function recordedHashes(client: pg.PoolClient): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; sha256: string }>(
    'select name, sha256 from schema_migrations',
  );
  return new Map(rows.map((r) => [r.name, r.sha256]));
}

function assertUnchanged(file: SchemaFile, recordedSha: string | undefined): void {
  if (recordedSha !== undefined && recordedSha !== file.sha256) {
    throw new Error(
      `schema/${file.name} was changed after it was applied (recorded sha256 ${recordedSha}, file now ${file.sha256})`,
    );
  }
}
