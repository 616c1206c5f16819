/**
 * The jobmig.* session settings (src/db/session-settings.ts) against the code: every one read is
 * declared, read where declared and nowhere else, and set only through applySettings, at its scope.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import test from 'ava';
import { applySettings, SESSION_SETTINGS } from '../../src/db/session-settings.ts';
import { useTestDatabase } from '../helpers/db.ts';

const database = useTestDatabase(test);

const ROOT = new URL('../..', import.meta.url);

function sourceFiles(dir: string): string[] {
  return readdirSync(new URL(dir, ROOT)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(new URL(rel, ROOT)).isDirectory()) return sourceFiles(rel);
    return /\.(ts|sql)$/.test(name) ? [rel] : [];
  });
}

const FILES = ['src', 'schema', 'scripts'].flatMap(sourceFiles).map((file) => ({
  file,
  text: readFileSync(new URL(file, ROOT), 'utf8'),
}));

test('every jobmig.* setting read is declared, with exactly its readers', (t) => {
  const declared = new Map(Object.values(SESSION_SETTINGS).map((s) => [s.name, s]));
  const readers = new Map<string, string[]>();
  for (const { file, text } of FILES) {
    for (const [, name] of text.matchAll(/current_setting\('(jobmig\.\w+)'/g)) {
      const files = readers.get(name!) ?? [];
      if (!files.includes(file)) files.push(file);
      readers.set(name!, files);
    }
  }
  t.deepEqual(
    [...readers.keys()].filter((name) => !declared.has(name)),
    [],
    'read but not declared',
  );
  for (const [name, s] of declared) t.deepEqual(readers.get(name)?.sort(), [...s.readBy].sort(), name);
});

test('settings are set only through applySettings', (t) => {
  const setters = FILES.filter(({ text }) => /set_config\(|SET (LOCAL |SESSION )?jobmig\./.test(text));
  t.deepEqual(
    setters.map((f) => f.file),
    ['src/db/session-settings.ts'],
  );
});

test('applySettings sets each setting at its declared scope', async (t) => {
  const client = await database().pool.connect();
  const read = async (name: string) =>
    (await client.query('SELECT current_setting($1, true) AS v', [name])).rows[0].v as string | null;
  try {
    await client.query('BEGIN');
    await applySettings(client, { run_id: 42, full: true, event_source: 'import' });
    t.is(await read('jobmig.run_id'), '42');
    t.is(await read('jobmig.full'), 'on');
    t.is(await read('jobmig.event_source'), 'import');
    await client.query('COMMIT');
    // Transaction-local settings are gone (empty once defined); the session one stays.
    t.is(await read('jobmig.run_id'), '');
    t.is(await read('jobmig.event_source'), '');
    t.is(await read('jobmig.full'), 'on');
  } finally {
    client.release(true);
  }
});
