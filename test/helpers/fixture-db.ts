/**
 * The database-plus-fixtures set-up most database tests start from: a fresh database and a private,
 * writable copy of the fixture store (or the whole fixture storage root), both removed when the test
 * ends (fixturesWithDatabase) or, shared by a file's tests, after its last (useFixturesWithDatabase).
 */
import type { TestFn } from 'ava';
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

export interface SharedFixtureOptions extends FixtureDbOptions {
  /** Edits the copy before the import (for files whose every test reads the same edited store). */
  edit?: (root: string) => Promise<void>;
}

/**
 * The same set-up once for a whole file: made before its first test, removed after its last. Its
 * tests share the database, so they run serially or only read. `db` and `root` throw until then.
 * Its hooks are serial: a file's own `test.serial.before` declared after it sees the database.
 */
export function useFixturesWithDatabase(
  test: { serial: Pick<TestFn, 'before' | 'after'> },
  options: SharedFixtureOptions = {},
): { readonly db: TestDatabase; readonly root: string } {
  let store: { root: string; cleanup: () => Promise<void> } | undefined;
  let db: TestDatabase | undefined;
  // Serial hooks run in the order declared, so a file's own serial hooks can build on these.
  test.serial.before(async () => {
    store = await (options.storageRoot ? copyStorageRoot() : copyFixtures());
    await options.edit?.(store.root);
    db = await createTestDatabase();
    if (options.imported) await runImport(db.pool, { jobsRoot: store.root });
  });
  test.serial.after.always(async () => {
    await db?.drop();
    await store?.cleanup();
  });
  const get = () => {
    if (!db || !store) throw new Error('the fixture database is only available once test.before has run');
    return { db, root: store.root };
  };
  return {
    get db() {
      return get().db;
    },
    get root() {
      return get().root;
    },
  };
}
