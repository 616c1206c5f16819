/** The options every command that talks to PostgreSQL shares, and opening that database. */
import type { Options } from 'yargs';
import { openDatabase, type Database } from '../db/connection.ts';
import { assertNothingPending, migrate, SCHEMA_DIR } from '../db/migrate.ts';

export const databaseOptions = {
  'database-url': {
    type: 'string',
    describe: 'PostgreSQL URL (default: $DATABASE_URL, else the embedded server under .jobmig/)',
  },
} satisfies Record<string, Options>;

/** For commands that only read: connect read-only and leave the schema alone (a guarantee; not needed for a SELECT-only role). */
export const readOnlyOptions = {
  'read-only': {
    type: 'boolean',
    default: false,
    describe:
      'read-only sessions (default_transaction_read_only), never a schema migration (a SELECT-only role needs no flag)',
  },
} satisfies Record<string, Options>;

export interface DatabaseMode {
  readOnly?: boolean;
}

/**
 * Open the database for a command, apply pending schema migrations, run `fn`, always close. With
 * nothing pending this only reads, so a SELECT-only role needs no flag; read-only sessions never
 * migrate and stop with one line when a migration is pending.
 */
export async function withDatabase<T>(
  databaseUrl: string | undefined,
  fn: (db: Database) => Promise<T>,
  mode: DatabaseMode = {},
): Promise<T> {
  const db = await openDatabase({ databaseUrl, log: () => {}, readOnly: mode.readOnly });
  try {
    if (mode.readOnly) await assertNothingPending(db.pool, SCHEMA_DIR);
    else await migrate(db.pool, SCHEMA_DIR);
    return await fn(db);
  } finally {
    await db.close();
  }
}
