/** Opening the database for a command handler (the shared options are in options.ts). */
import { openDatabase, type Database } from '../db/connection.ts';
import { prepareSchema, SCHEMA_DIR } from '../db/migrate.ts';

export interface DatabaseMode {
  readOnly?: boolean;
}

/**
 * Open the database for a command, apply pending schema migrations, run `fn`, always close. With
 * nothing pending this only reads, so a SELECT-only role needs no flag; read-only sessions and
 * --no-migrate (JOBMIG_MIGRATE=never) never migrate and stop with one line when one is pending.
 */
export async function withDatabase<T>(
  databaseUrl: string | undefined,
  fn: (db: Database) => Promise<T>,
  mode: DatabaseMode = {},
): Promise<T> {
  const db = await openDatabase({ databaseUrl, log: () => {}, readOnly: mode.readOnly });
  try {
    await prepareSchema(db.pool, SCHEMA_DIR, mode);
    return await fn(db);
  } finally {
    await db.close();
  }
}
