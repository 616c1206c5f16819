/** A login role with nothing but SELECT on the public tables, for tests of what readers can run. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestDatabase } from './db.ts';

/**
 * Creates the role (roles are per server: a unique name) and returns its URL; dropped at teardown.
 * A password, because the embedded server authenticates with SCRAM (the machine's trusts 127.0.0.1).
 */
export async function selectOnlyRole(
  t: { teardown: (fn: () => Promise<void>) => void },
  db: TestDatabase,
): Promise<{ name: string; url: string }> {
  const name = `jobmig_reader_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(9).toString('hex');
  await db.pool.query(`CREATE ROLE ${name} LOGIN PASSWORD '${password}'`);
  await db.pool.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${name}`);
  t.teardown(async () => {
    await db.pool.query(`DROP OWNED BY ${name}`).catch(() => undefined);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${name}`).finally(() => admin.end());
  });
  const url = new URL(db.url);
  url.username = name;
  url.password = password;
  return { name, url: url.toString() };
}
