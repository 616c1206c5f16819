/** Opening the database for a command handler (the shared options are in options.ts). */
import { openDatabase, type Database } from '../db/connection.ts';
import { assertNothingPending, migrate, SCHEMA_DIR } from '../db/migrate.ts';

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
