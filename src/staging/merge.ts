/**
 * How planned rows reach the tables: COPY each plan's encoded rows into the session's staging tables
 * (declared in src/model/staging-tables.ts), then run a merge script over them. Shared by the
 * importer's loader and by writers outside the import (`jobmig correction set`), so an identity is
 * numbered and spelled the same way whoever adds it.
 */
import type pg from 'pg';
import { copyBytes } from '../db/copy.ts';
import { sqlFolder } from '../db/sql-files.ts';
import { STAGING_SQL, STAGING_TABLES } from '../model/staging-tables.ts';
import { addMergeCounts, emptyCounts, type RunCounts } from './counts.ts';
import { STAGED_IDENTITIES, type EncodedPlan, type StagedList } from './encode.ts';

const sqlFile = sqlFolder(import.meta.url);
const MERGE_IDENTITIES_SQL = sqlFile('merge-identities.sql');

/** Create this session's staging tables (temporary, emptied at each commit); idempotent. */
export async function createStagingTables(client: pg.ClientBase): Promise<void> {
  await client.query(STAGING_SQL);
}

/** Stage and merge the identities `plans` refer to (sql/merge-identities.sql). */
export function stageIdentities(
  client: pg.ClientBase,
  plans: readonly EncodedPlan[],
  counts: RunCounts,
): Promise<void> {
  return stageAndMerge(client, plans, STAGED_IDENTITIES, MERGE_IDENTITIES_SQL(), counts);
}

/**
 * Add the identities of `plans` exactly as an import batch does (staging tables, then
 * merge-identities.sql), inside the caller's transaction: for writers outside the import, such as
 * `jobmig correction set`, so an identity they add is numbered and spelled as an import would.
 */
export async function mergeIdentities(client: pg.ClientBase, plans: readonly EncodedPlan[]): Promise<void> {
  await createStagingTables(client);
  await stageIdentities(client, plans, {});
}

/**
 * COPY each plan's encoded rows into the staging tables, then run the merge script; count its summary rows.
 */
export async function stageAndMerge(
  client: pg.ClientBase,
  plans: readonly EncodedPlan[],
  staged: readonly StagedList[],
  mergeSql: string,
  counts: RunCounts,
): Promise<void> {
  for (const [staging, target] of staged) {
    const parts = plans.map((p) => p.staged[staging]).filter((part) => part !== undefined);
    const rows = parts.reduce((n, part) => n + part.rows, 0);
    counts[target] = { ...emptyCounts(), read: rows };
    if (rows > 0)
      await copyBytes(
        client,
        staging,
        STAGING_TABLES[staging].copyColumns,
        parts.map((part) => part.bytes),
      );
  }
  addMergeCounts(counts, (await client.query(mergeSql)) as unknown as pg.QueryResult[]);
}
