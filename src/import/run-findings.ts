/**
 * Findings that need every job at once (duplicate job numbers) or the whole jobs root (folders
 * that disappeared), computed by the database at the end of a run; with them the identities'
 * contact details, which come from each identity's most recent job.
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import { transaction } from '../db/transaction.ts';

const sqlFile = sqlFolder(import.meta.url);
export const DUPLICATE_JOB_NUMBER_SQL = sqlFile('findings-duplicate-job-number.sql');
export const SOURCE_MISSING_SQL = sqlFile('findings-source-missing.sql');
export const IDENTITY_CONTACTS_SQL = sqlFile('identity-contacts.sql');

export interface CrossJobResult {
  inserted: number;
  gone: number;
  missing: number;
}

/** `foundJobDirs` is null when the run did not look at the whole root: then nothing is called missing. */
export async function closeCrossJobFindings(
  client: pg.ClientBase,
  runId: number,
  foundJobDirs: readonly string[] | null,
): Promise<CrossJobResult> {
  // Shards finish at different times and each recomputes these; one at a time, and the last to
  // finish sees every shard's jobs.
  return transaction(client, 'read write', async () => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('jobmig:cross-job-findings'))");
    await client.query(IDENTITY_CONTACTS_SQL());
    const dup = (await client.query(DUPLICATE_JOB_NUMBER_SQL(), [runId])).rows[0];
    const result = { inserted: Number(dup.inserted), gone: Number(dup.gone), missing: 0 };
    if (foundJobDirs) {
      const missing = (await client.query(SOURCE_MISSING_SQL(), [runId, foundJobDirs])).rows[0];
      result.inserted += Number(missing.inserted);
      result.gone += Number(missing.gone);
      result.missing = Number(missing.missing);
    }
    return result;
  });
}
