/**
 * Schema migrations: schema/*.sql applied in name order, each in its own transaction, recorded with its
 * sha256 in schema_migrations. Also what `jobmig migrate status|print|apply` shows a DBA, and the
 * policy (JOBMIG_MIGRATE, --no-migrate) that lets every other command refuse instead of applying.
 */
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

/**
 * The statements that open a migration's transaction, before its file runs: declared once, run by
 * applyPending and written out by pendingScript. The lock makes concurrent runs queue; the table is
 * created under it, so two first-ever runs do not race on creating it.
 */
const OPEN_TRANSACTION = ['begin', `select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`, CREATE_TABLE];

/** The statement recording a migration, as run and as printed (names are file names, sha256 hex). */
function recordStatement(file: SchemaFile): string {
  const name = file.name.replaceAll("'", "''");
  return `insert into schema_migrations (name, sha256) values ('${name}', '${file.sha256}')`;
}

export interface SchemaFile {
  name: string;
  sql: string;
  sha256: string;
}

/** A migration is pending and this role may not apply it: the one line says which and who can. */
export class MigrationPermissionError extends CommandError {}

/** A migration is pending and the policy says not to apply it (--no-migrate, JOBMIG_MIGRATE=never). */
export class MigrationPendingError extends CommandError {}

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
  const pending = await pendingMigrations(pool, schemaDir);
  if (pending.length > 0) throw new MigrationPermissionError(await cannotApplyMessage(pool, pending));
}

/** The files not applied yet, after checking every applied one is unchanged (drift is an error). */
export async function pendingMigrations(pool: pg.Pool, schemaDir: string): Promise<SchemaFile[]> {
  return pendingFiles(await readSchemaFiles(schemaDir), await recordedOrNone(pool));
}

export type MigratePolicy = 'apply' | 'never';

/** JOBMIG_MIGRATE: unset or `auto` applies pending migrations (the default), `never` refuses. */
export function migratePolicy(env: NodeJS.ProcessEnv = process.env): MigratePolicy {
  const value = env.JOBMIG_MIGRATE ?? 'auto';
  if (value === 'auto' || value === '') return 'apply';
  if (value === 'never') return 'never';
  throw new Error(`JOBMIG_MIGRATE is ${JSON.stringify(value)}: it must be auto or never`);
}

/**
 * What a command does before its work: read-only sessions and the `never` policy only check that
 * nothing is pending; otherwise pending migrations are applied, as they always were.
 */
export async function prepareSchema(
  pool: pg.Pool,
  schemaDir: string,
  mode: { readOnly?: boolean } = {},
): Promise<void> {
  if (mode.readOnly) return assertNothingPending(pool, schemaDir);
  if (migratePolicy() === 'apply') {
    await migrate(pool, schemaDir);
    return;
  }
  const pending = await pendingMigrations(pool, schemaDir);
  if (pending.length === 0) return;
  const names = pending.map((f) => `schema/${f.name}`).join(', ');
  const [is, it] = pending.length === 1 ? ['is', 'it'] : ['are', 'them'];
  throw new MigrationPendingError(
    `schema migration ${names} ${is} pending and --no-migrate (or JOBMIG_MIGRATE=never) forbids applying ` +
      `${it} here: run \`jobmig migrate apply\`, or the SQL \`jobmig migrate print\` writes, as the owner`,
  );
}

/** Verifies every applied file is unchanged, then returns the files not applied yet. */
function pendingFiles(files: SchemaFile[], recorded: Map<string, Recorded>): SchemaFile[] {
  // Verify everything before applying anything, so a new file never lands on top of an edited one.
  for (const file of files) assertUnchanged(file, recorded.get(file.name)?.sha256);
  return files.filter((file) => !recorded.has(file.name));
}

interface Recorded {
  /** Null when the row holds no checksum (see MigrationState): never drift, shown unknown. */
  sha256: string | null;
  appliedAt: Date | null;
}

/** Recorded migrations, or none when schema_migrations does not exist yet. */
async function recordedOrNone(pool: pg.Pool): Promise<Map<string, Recorded>> {
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
          assertUnchanged(file, now.get(file.name)?.sha256);
          return false;
        }
        try {
          await client.query(file.sql);
        } catch (err) {
          throw new Error(`schema/${file.name} failed: ${(err as Error).message}`, { cause: err });
        }
        await client.query(recordStatement(file));
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
    `the database owner must apply ${it} (\`jobmig migrate apply\`, or the SQL \`jobmig migrate print\` writes)`
  );
}

export async function readSchemaFiles(schemaDir: string): Promise<SchemaFile[]> {
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
    // The statements `migrate print` writes after its BEGIN; the lock first, so two first-ever runs
    // do not race on creating the table. A role refused either rolls back with the transaction.
    for (const statement of OPEN_TRANSACTION.slice(1)) await client.query(statement);
    return fn();
  });
}

async function recordedHashes(client: pg.PoolClient | pg.Pool): Promise<Map<string, Recorded>> {
  const { rows } = await client.query<{ name: string; sha256: string | null; applied_at: Date | null }>(
    'select name, sha256, applied_at from schema_migrations',
  );
  return new Map(rows.map((r) => [r.name, { sha256: r.sha256 || null, appliedAt: r.applied_at }]));
}

function assertUnchanged(file: SchemaFile, recordedSha: string | null | undefined): void {
  if (recordedSha && recordedSha !== file.sha256) {
    throw new Error(
      `schema/${file.name} was changed after it was applied` +
        ` (recorded sha256 ${recordedSha}, file now ${file.sha256})`,
    );
  }
}

/** One migration as `jobmig migrate status` shows it. */
export interface MigrationState {
  name: string;
  state: 'applied' | 'pending';
  appliedAt: Date | null;
  /** The recorded checksum when applied, else the file's. */
  sha256: string | null;
  /** applied: the file is unchanged (`matches`), edited (`drift`), gone (`missing`), or no checksum. */
  file: 'matches' | 'drift' | 'missing' | 'unknown' | 'pending';
}

/** Every migration, file or recorded row, in name order; reads only (a SELECT-only role may run it). */
export async function migrationStatus(pool: pg.Pool, schemaDir: string): Promise<MigrationState[]> {
  const files = new Map((await readSchemaFiles(schemaDir)).map((f) => [f.name, f]));
  const recorded = await recordedOrNone(pool);
  const names = [...new Set([...files.keys(), ...recorded.keys()])].sort();
  return names.map((name): MigrationState => {
    const file = files.get(name);
    const row = recorded.get(name);
    if (!row) return { name, state: 'pending', appliedAt: null, sha256: file!.sha256, file: 'pending' };
    const fileState = !file
      ? 'missing'
      : row.sha256 === null
        ? 'unknown'
        : row.sha256 === file.sha256
          ? 'matches'
          : 'drift';
    return { name, state: 'applied', appliedAt: row.appliedAt, sha256: row.sha256, file: fileState };
  });
}

/**
 * The pending migrations as a psql script, statement for statement what applyPending runs: each file
 * in its own transaction, under the same lock, recorded the same way. ON_ERROR_STOP so a failing
 * file rolls back and stops there.
 */
export function pendingScript(pending: SchemaFile[]): string {
  const parts = [
    `-- ${pending.length} pending jobmig schema migration(s), each in its own transaction`,
    '\\set ON_ERROR_STOP on',
  ];
  for (const file of pending) {
    parts.push(
      '',
      `-- schema/${file.name} (sha256 ${file.sha256})`,
      ...OPEN_TRANSACTION.map((s) => `${s};`),
      file.sql.endsWith('\n') ? file.sql.slice(0, -1) : file.sql,
      `${recordStatement(file)};`,
      'commit;',
    );
  }
  return `${parts.join('\n')}\n`;
}
