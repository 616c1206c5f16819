import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { transaction } from './transaction.ts';
import { CommandError } from '../util/errors.ts';

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

/** A migration is pending and this role may not apply it: the one line says which and who can. */
export class MigrationPermissionError extends CommandError {}

/**
 * Applies schemaDir/*.sql in name order, each in its own transaction, and
 * records them in schema_migrations. Every transaction takes the same
 * advisory lock, so concurrent migrate() calls queue instead of colliding.
 * Files must not manage transactions themselves (no BEGIN/COMMIT, no
 * CREATE INDEX CONCURRENTLY). When nothing is pending it only reads (no lock,
 * no CREATE), so a role with nothing but SELECT passes through.
 */
export async function migrate(pool: pg.Pool, schemaDir: string): Promise<{ applied: string[] }> {
  const files = await readSchemaFiles(schemaDir);
  const pending = pendingFiles(files, await recordedOrNone(pool));
  if (pending.length === 0) return { applied: [] };
  try {
    return await applyPending(pool, pending);
  } catch (err) {
    if (!isPermissionDenied(err)) throw err;
    throw new MigrationPermissionError(await cannotApplyMessage(pool, pending), { cause: err });
  }
}

/**
 * The migrations not yet applied, read with one SELECT (nothing else): for read-only sessions,
 * which must not run one but should say so rather than fail on a missing column.
 */
export async function assertNothingPending(pool: pg.Pool, schemaDir: string): Promise<void> {
  const pending = pendingFiles(await readSchemaFiles(schemaDir), await recordedOrNone(pool));
  if (pending.length > 0) throw new MigrationPermissionError(await cannotApplyMessage(pool, pending));
}

/** Verifies every applied file is unchanged, then returns the files not applied yet. */
function pendingFiles(files: SchemaFile[], recorded: Map<string, string>): SchemaFile[] {
  // Verify everything before applying anything, so a new file never lands on top of an edited one.
  for (const file of files) assertUnchanged(file, recorded.get(file.name));
  return files.filter((file) => !recorded.has(file.name));
}

/** Recorded migrations, or none when schema_migrations does not exist yet. */
async function recordedOrNone(pool: pg.Pool): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (!rows[0]!.present) return new Map();
  return recordedHashes(pool);
}

async function applyPending(pool: pg.Pool, pending: SchemaFile[]): Promise<{ applied: string[] }> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    for (const file of pending) {
      const didApply = await underMigrationLock(client, async () => {
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

/** SQLSTATE 42501 (insufficient_privilege: no CREATE on the schema, not the owner), here or as the cause. */
function isPermissionDenied(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  return e?.code === '42501' || e?.cause?.code === '42501';
}

async function cannotApplyMessage(pool: pg.Pool, pending: SchemaFile[]): Promise<string> {
  const { rows } = await pool.query<{ role: string }>('SELECT current_user AS role');
  const names = pending.map((f) => `schema/${f.name}`).join(', ');
  const [is, it] = pending.length === 1 ? ['is', 'it'] : ['are', 'them'];
  return (
    `schema migration ${names} ${is} pending and role ${rows[0]!.role} cannot apply ${it}: ` +
    `the database owner must run ${it} (any jobmig command run as the owner applies pending migrations)`
  );
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

/** `fn` in a transaction holding the migration lock, with the bookkeeping table there. */
function underMigrationLock<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  return transaction(client, 'read write', async () => {
    await client.query('select pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    // Under the lock, so two first-ever runs do not race on creating it.
    await client.query(CREATE_TABLE);
    return fn();
  });
}

async function recordedHashes(client: pg.PoolClient | pg.Pool): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; sha256: string }>(
    'select name, sha256 from schema_migrations',
  );
  return new Map(rows.map((r) => [r.name, r.sha256]));
}

function assertUnchanged(file: SchemaFile, recordedSha: string | undefined): void {
  if (recordedSha !== undefined && recordedSha !== file.sha256) {
    throw new Error(
      `schema/${file.name} was changed after it was applied` +
        ` (recorded sha256 ${recordedSha}, file now ${file.sha256})`,
    );
  }
}
