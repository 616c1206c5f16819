import { randomBytes } from 'node:crypto';
import type { TestFn } from 'ava';
import pg from 'pg';
import { withDatabaseName } from '../../src/db/connection.ts';
import { migrate, SCHEMA_DIR } from '../../src/db/migrate.ts';
import { runImport } from '../../src/import/run.ts';

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  /** Ends the pool and drops the database. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply schema/ (default true). */
  migrate?: boolean;
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'TEST_DATABASE_URL is not set: run tests with npm test, which starts a PostgreSQL server for them',
    );
  }
  return url;
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, uniquely named database on the TEST_DATABASE_URL server. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `jobmig_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const quoted = pg.escapeIdentifier(name);
  await onServer(`create database ${quoted}`);
  const url = withDatabaseName(serverUrl(), name);
  const pool = new pg.Pool({ connectionString: url });
  // An idle connection the server closes (a test that terminates backends) must not crash the worker.
  pool.on('error', () => {});
  let dropping: Promise<void> | undefined;
  const drop = () =>
    (dropping ??= (async () => {
      await pool.end();
      // FORCE (PG 13+) so a connection a failed test leaked cannot block the drop.
      await onServer(`drop database if exists ${quoted} with (force)`);
    })());
  if (options.migrate !== false) {
    try {
      await migrate(pool, SCHEMA_DIR);
    } catch (err) {
      await drop();
      throw err;
    }
  }
  return { url, pool, drop };
}

/** One database per test file: created in test.before, dropped in test.after.always. */
/**
 * One database for a whole test file, created before its tests and dropped after them; with
 * `importFrom`, that jobs root is imported into it once, before any test runs.
 */
export function useTestDatabase<Context>(
  test: TestFn<Context>,
  options: TestDatabaseOptions & { importFrom?: string } = {},
): () => TestDatabase {
  let db: TestDatabase | undefined;
  test.before(async () => {
    db = await createTestDatabase(options);
    if (options.importFrom) await runImport(db.pool, { jobsRoot: options.importFrom });
  });
  test.after.always(async () => {
    await db?.drop();
  });
  return () => {
    if (!db) throw new Error('the test database is only available once test.before has run');
    return db;
  };
}
