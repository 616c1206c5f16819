import { runImport } from '../../src/import/run.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { copyFixtures } from './store.ts';

/**
 * A writable copy of the fixtures and a fresh database, both removed when the test ends; imported
 * once when `imported` is set. For tests that edit files or rows between runs.
 */
export async function fixturesWithDatabase(
  t: { teardown: (fn: () => Promise<void>) => void },
  options: { imported?: boolean } = {},
): Promise<{ db: TestDatabase; root: string }> {
  const db = await createTestDatabase();
  const store = await copyFixtures();
  t.teardown(async () => {
    await db.drop();
    await store.cleanup();
  });
  if (options.imported) await runImport(db.pool, { jobsRoot: store.root });
  return { db, root: store.root };
}
