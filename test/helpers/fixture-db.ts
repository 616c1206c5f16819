/**
 * The database-plus-fixtures set-up most database tests start from: a fresh database and a private,
 * writable copy of the fixture store (or the whole fixture storage root), both removed when the test ends.
 */
import { runImport } from '../../src/import/run.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { copyFixtures, copyStorageRoot } from './store.ts';

export interface FixtureDbOptions {
  /** Import the copy once before returning. */
  imported?: boolean;
  /** Copy the whole storage root (jobs/, security/, profiles/, logs/) instead of the jobs folder alone. */
  storageRoot?: boolean;
}

/** For tests that edit files or rows between runs; `root` is what `jobmig import` is given. */
export async function fixturesWithDatabase(
  t: { teardown: (fn: () => Promise<void>) => void },
  options: FixtureDbOptions = {},
): Promise<{ db: TestDatabase; root: string }> {
  const db = await createTestDatabase();
  const store = await (options.storageRoot ? copyStorageRoot() : copyFixtures());
  t.teardown(async () => {
    await db.drop();
    await store.cleanup();
  });
  if (options.imported) await runImport(db.pool, { jobsRoot: store.root });
  return { db, root: store.root };
}
