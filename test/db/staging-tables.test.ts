/**
 * The staging declarations (src/model/staging-tables.ts) against what reads them: the target tables
 * of schema/ (same-named columns have the same type) and the merge statements (every column a
 * staging table shares with its target is merged into it), so a new column is one declaration
 * plus its schema and merge lines, and a forgotten one fails here.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import { STAGED_IDENTITIES, STAGED_JOBS } from '../../src/staging/encode.ts';
import { STAGING_SQL, STAGING_TABLES } from '../../src/model/staging-tables.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { columnTypes, insertedColumns } from '../helpers/staging-check.ts';

const database = useTestDatabase(test);

const MERGE_SQL = ['src/staging/sql/merge-identities.sql', 'src/import/sql/merge-batch.sql']
  .map((f) => readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8'))
  .join('\n');

/** Staging columns that the merge resolves into another column (a key into an identity table). */
const RESOLVED: Record<string, string[]> = {
  stg_jobs: ['customer_key', 'billing_key', 'operator_key', 'tree_key'],
  stg_trees: ['customer_key'],
  stg_finals: ['operator_key'],
};

test('the generated staging tables have the declared columns, types and order', async (t) => {
  for (const table of Object.values(STAGING_TABLES)) {
    const actual = [...(await columnTypes(database().pool, table.name, STAGING_SQL))].filter(
      ([name]) => name !== 'seq',
    );
    t.deepEqual(
      actual,
      table.copyColumns.map((c) => [c.name, c.sql]),
      table.name,
    );
  }
});

test('each staging column reaches its target table: same type, merged, or resolved to a key', async (t) => {
  for (const [staging, target] of [...STAGED_IDENTITIES, ...STAGED_JOBS]) {
    const targetTypes = await columnTypes(database().pool, target);
    const merged = insertedColumns(MERGE_SQL, target);
    for (const column of STAGING_TABLES[staging].copyColumns) {
      const where = `${staging}.${column.name} -> ${target}`;
      if (RESOLVED[staging]?.includes(column.name)) {
        t.false(targetTypes.has(column.name), where);
        continue;
      }
      t.is(targetTypes.get(column.name), column.sql, where);
      t.true(merged.has(column.name), `${where}: missing from the merge's INSERT column list`);
    }
  }
});
