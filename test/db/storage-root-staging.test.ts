/**
 * The storage root's staging declarations (src/model/storage-staging-tables.ts) against what reads
 * them: the generated temp tables, the target tables of schema/011 (same-named columns, same type),
 * and merge-security.sql (every column a staging table shares with its target is inserted).
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import { STORAGE_STAGING_SQL, STORAGE_STAGING_TABLES } from '../../src/model/storage-staging-tables.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { columnTypes, insertedColumns } from '../helpers/staging-check.ts';

const database = useTestDatabase(test);

const MERGE_SQL = readFileSync(new URL('../../src/import/sql/merge-security.sql', import.meta.url), 'utf8');

/** Staging table -> the table it is merged into (the other staging tables steer the merge). */
const TARGETS: Record<string, string> = {
  stg_devices: 'devices',
  stg_device_tokens: 'device_tokens',
  stg_job_assignments: 'job_assignments',
  stg_operator_profiles: 'operator_profiles',
  stg_profile_operators: 'operators',
};

test('the generated storage staging tables have the declared columns, types and order', async (t) => {
  for (const table of Object.values(STORAGE_STAGING_TABLES)) {
    const actual = [...(await columnTypes(database().pool, table.name, STORAGE_STAGING_SQL))].filter(
      ([name]) => name !== 'seq',
    );
    t.deepEqual(
      actual,
      table.copyColumns.map((c) => [c.name, c.sql]),
      table.name,
    );
  }
});

test('each storage staging column reaches its target table with its type, through the merge', async (t) => {
  for (const [staging, target] of Object.entries(TARGETS)) {
    const types = await columnTypes(database().pool, target);
    const merged = insertedColumns(MERGE_SQL, target);
    for (const column of STORAGE_STAGING_TABLES[staging as keyof typeof STORAGE_STAGING_TABLES].copyColumns) {
      const where = `${staging}.${column.name} -> ${target}`;
      t.is(types.get(column.name), column.sql, where);
      t.true(merged.has(column.name), `${where}: missing from the merge's INSERT column list`);
    }
  }
});

test('no staging table has a column for a plaintext token', (t) => {
  for (const table of Object.values(STORAGE_STAGING_TABLES))
    t.false(
      table.copyColumns.some((c) => c.name === 'token'),
      table.name,
    );
});
