/** The options every command that talks to PostgreSQL shares, and opening that database. */
import type { Options } from 'yargs';
import { openDatabase, type Database } from '../db/connection.ts';
import { migrate, SCHEMA_DIR } from '../db/migrate.ts';

export const databaseOptions = {
  'database-url': {
    type: 'string',
    describe: 'PostgreSQL URL (default: $DATABASE_URL, else the embedded server under .jobmig/)',
  },
} satisfies Record<string, Options>;

/** For commands that only read: connect read-only and leave the schema alone (a SELECT-only role suffices). */
export const readOnlyOptions = {
  'read-only': {
    type: 'boolean',
    default: false,
    describe:
      'read-only sessions (default_transaction_read_only), no schema migrations: works with a SELECT-only role',
  },
} satisfies Record<string, Options>;

export interface DatabaseMode {
  readOnly?: boolean;
}

/** Open the database for a command, apply pending schema migrations (unless read-only), run `fn`, always close. */
export async function withDatabase<T>(
  databaseUrl: string | undefined,
  fn: (db: Database) => Promise<T>,
  mode: DatabaseMode = {},
): Promise<T> {
  const db = await openDatabase({ databaseUrl, log: () => {}, readOnly: mode.readOnly });
  try {
    if (!mode.readOnly) await migrate(db.pool, SCHEMA_DIR);
    return await fn(db);
  } finally {
    await db.close();
  }
}
