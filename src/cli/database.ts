/** Opening the database for a command handler (the shared options are in options.ts). */
import { openDatabase, type Database } from '../db/connection.ts';
import { migrate, SCHEMA_DIR } from '../db/migrate.ts';

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
