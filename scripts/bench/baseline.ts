/**
 * The way the legacy importer loaded a job, as the benchmark's baseline: one transaction per job that
 * deletes the job's rows and inserts them again one INSERT per row, then resolves them into the
 * tables (the same merge statements jobmig runs per batch, here per job). Reading and planning are
 * jobmig's own, so the comparison isolates how rows reach the database.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { applySettings } from '../../src/db/session-settings.ts';
import { sqlFolder } from '../../src/db/sql-files.ts';
import { planAndReconcile } from '../../src/import/read-and-plan.ts';
import { STAGING_SQL, STAGING_TABLES } from '../../src/model/staging-tables.ts';
import { STAGED_IDENTITIES, STAGED_JOBS } from '../../src/staging/encode.ts';
import { readJob } from '../../src/legacy/read-job.ts';
import { scanJobFolder } from '../../src/legacy/scan.ts';

const importSql = sqlFolder(new URL('../../src/import/load.ts', import.meta.url).href);
const stagingSql = sqlFolder(new URL('../../src/staging/merge.ts', import.meta.url).href);
const MERGE_IDENTITIES_SQL = stagingSql('merge-identities.sql');
const MERGE_SQL = importSql('merge-batch.sql');

// Children first. job_finals and job_events are left alone: the write model forbids deleting them,
// and in the empty benchmark database there is nothing to delete anyway.
const JOB_TABLES = [
  'reconciliation',
  'artifacts',
  'job_geojson_exports',
  'round_images',
  'round_recordings',
  'job_rounds',
];

// Identities first, as the loader stages them.
const LISTS = [...STAGED_IDENTITIES, ...STAGED_JOBS];

function value(column: { json: boolean }, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  return column.json ? JSON.stringify(v) : v;
}

export async function perRowImport(
  client: pg.ClientBase,
  jobsRoot: string,
  jobDirs: readonly string[],
  runId: number,
) {
  await client.query(STAGING_SQL);
  let statements = 0;
  const t0 = performance.now();
  for (const jobDir of jobDirs) {
    const plan = planAndReconcile(
      await readJob(path.resolve(jobsRoot), await scanJobFolder(jobsRoot, jobDir)),
    );
    await client.query('BEGIN');
    await applySettings(client, { run_id: runId, event_source: 'import' });
    for (const table of JOB_TABLES) await client.query(`DELETE FROM ${table} WHERE job_id = $1`, [jobDir]);
    await client.query(
      'DELETE FROM jobs WHERE job_id = $1 AND NOT EXISTS (SELECT 1 FROM job_finals f WHERE f.job_id = $1)',
      [jobDir],
    );
    statements += JOB_TABLES.length + 1;
    for (const [staging, , rowsOf] of LISTS) {
      const columns = STAGING_TABLES[staging].copyColumns;
      const names = columns.map((c) => c.name);
      const placeholders = names.map((_, i) => `$${i + 1}`).join(', ');
      const sql = `INSERT INTO ${staging} (${names.join(', ')}) VALUES (${placeholders})`;
      for (const row of rowsOf(plan) as Record<string, unknown>[]) {
        await client.query(
          sql,
          columns.map((c) => value(c, row[c.name])),
        );
        statements++;
      }
    }
    await client.query(MERGE_IDENTITIES_SQL());
    await client.query(MERGE_SQL());
    await client.query('COMMIT');
  }
  return { seconds: (performance.now() - t0) / 1000, jobs: jobDirs.length, statements };
}
