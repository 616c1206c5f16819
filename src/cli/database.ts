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

/** Open the database for a command, apply pending schema migrations, run `fn`, always close. */
export async function withDatabase<T>(databaseUrl: string | undefined, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl, log: () => {} });
  try {
    await migrate(db.pool, SCHEMA_DIR);
    return await fn(db);
  } finally {
    await db.close();
  }
}
