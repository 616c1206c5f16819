import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'ava';
import { lazyText } from '../../src/db/sql-files.ts';

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-sql-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

test('a \\ir line is replaced by the included file, found relative to the including one', async (t) => {
  const dir = await folderWith({
    'a/main.sql': 'SELECT 1;\n\\ir ../b/shared.sql\nSELECT 3;\n',
    'b/shared.sql': '-- shared\n\\ir inner.sql\n',
    'b/inner.sql': 'SELECT 2;\n',
  });
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  t.is(
    lazyText(pathToFileURL(path.join(dir, 'a/main.sql')))(),
    'SELECT 1;\n-- shared\nSELECT 2;\nSELECT 3;\n',
  );
});

test('a file that includes itself, directly or through another, is refused naming the file', async (t) => {
  const dir = await folderWith({ 'x.sql': '\\ir y.sql\n', 'y.sql': '\\ir x.sql\n' });
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  t.throws(lazyText(pathToFileURL(path.join(dir, 'x.sql'))), { message: /x\.sql: \\ir includes itself/ });
});

test('the operator merge is one statement file, included by both the identity and the storage-root merge', (t) => {
  const identities = lazyText(new URL('../../src/staging/sql/merge-identities.sql', import.meta.url))();
  const storageRoot = lazyText(new URL('../../src/import/sql/merge-storage-root.sql', import.meta.url))();
  const shared = lazyText(new URL('../../src/staging/sql/merge-operators.sql', import.meta.url))();
  for (const script of [identities, storageRoot]) {
    t.true(script.includes(shared.trimEnd()));
    t.is(script.match(/INSERT INTO operators /g)?.length, 1);
  }
});
