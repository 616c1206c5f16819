/**
 * `jobmig correction set`: make a payload the current correction of an archived job. The disk stays
 * the legacy system's truth, so final_correction.json is written first (temporary name, then rename,
 * inside the real job folder), then the database in one transaction, then the outputs are regenerated.
 * A crash between the two leaves a file the next import takes up as a changed correction.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type pg from 'pg';
import { applySettings } from '../db/session-settings.ts';
import { sqlFolder } from '../db/sql-files.ts';
import { inTransaction } from '../db/transaction.ts';
import { assertJobFolderName, JobsRoot } from '../files/jobs-root.ts';
import { sha256Hex } from '../util/hash.ts';
import { displayName, identityKey } from '../model/identity.ts';
import { finalRow, operatorRow } from '../model/row-builders.ts';
import { text } from '../model/values.ts';
import { encodeRows } from '../staging/encode.ts';
import { mergeIdentities } from '../staging/merge.ts';
import { MAX_JSON_BYTES, parseLegacyJson } from '../legacy/parse-file.ts';
import type { FileIssue } from '../legacy/issues.ts';
import { regenerateJobs, type RegenerateResult } from '../job-outputs/regenerate.ts';
import { appendJobEvent, recordArtifactFile } from '../job-outputs/records.ts';

const sqlFile = sqlFolder(import.meta.url);
const LOCK_JOB_SQL = sqlFile('lock-job.sql');
const UPSERT_SQL = sqlFile('upsert-correction.sql');

const CORRECTION_FILE = 'final_correction.json';

/** The payload or the job does not allow the correction; the message names the file and the field. */
export class CorrectionRefusedError extends Error {}

export interface CorrectionResult {
  jobId: string;
  path: string;
  sha256: string;
  previousSha256: string | null;
  changed: boolean;
  regenerated: RegenerateResult[];
}

/** Read and validate a correction payload with the final_correction.json schema; every problem is named. */
export async function readCorrectionPayload(
  file: string,
  jobId: string,
): Promise<{ bytes: Buffer; issues: FileIssue[] }> {
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new CorrectionRefusedError(`${file}: cannot read (${err.code ?? err.message})`);
  });
  return { bytes, issues: correctionIssues(bytes, file, jobId) };
}

/** Pure: what is wrong with these bytes as the correction of `jobId` (empty: nothing). */
export function correctionIssues(bytes: Uint8Array, file: string, jobId: string): FileIssue[] {
  if (bytes.length > MAX_JSON_BYTES)
    return [{ path: file, pointer: '', message: `over the ${MAX_JSON_BYTES}-byte cap` }];
  const parsed = parseLegacyJson('final', bytes, file);
  const issues = [...parsed.issues];
  const written = text(parsed.value?.job_id);
  if (parsed.value && written !== null && written !== jobId) {
    issues.push({ path: file, pointer: '/job_id', message: `names job ${written}, not ${jobId}` });
  }
  return issues;
}

export async function setCorrection(
  pool: pg.Pool,
  jobsRoot: string,
  jobId: string,
  payloadFile: string,
): Promise<CorrectionResult> {
  assertJobFolderName(jobId);
  const { bytes, issues } = await readCorrectionPayload(payloadFile, jobId);
  if (issues.length > 0) {
    throw new CorrectionRefusedError(
      issues.map((i) => `${i.path}${i.pointer ? ` ${i.pointer}` : ''}: ${i.message}`).join('\n'),
    );
  }
  const root = await JobsRoot.open(jobsRoot);
  const rel = `${jobId}/${CORRECTION_FILE}`;
  const { rows: before } = await pool.query<{ status: string | null }>(
    'SELECT status FROM jobs WHERE job_id = $1',
    [jobId],
  );
  assertArchived(jobId, before[0]);

  const written = await root.writeAtomic(rel, bytes);
  const sha256 = sha256Hex(bytes);
  const rowIssues: FileIssue[] = [];
  const file = { rel, parsed: parseLegacyJson('final', bytes, rel), sha256, bytes };
  const row = finalRow(jobId, 'correction', file, rowIssues);
  const value = file.parsed.value!;
  const { previousSha256, changed } = await inTransaction(pool, async (client) => {
    await applySettings(client, { event_source: 'correction set' });
    const { rows } = await client.query<{ status: string | null; correction_sha256: string | null }>(
      LOCK_JOB_SQL(),
      [jobId],
    );
    assertArchived(jobId, rows[0]);
    const previous = rows[0]!.correction_sha256;
    if (previous === sha256) return { previousSha256: previous, changed: false };
    const name = displayName(value.user_name);
    const key = identityKey(value.user_name);
    if (name && key) {
      const operators = encodeRows('stg_operators', [operatorRow(jobId, key, name, value, null)]);
      await mergeIdentities(client, [
        { jobId, filesRead: 0, issues: [], staged: { stg_operators: operators } },
      ]);
    }
    await client.query(UPSERT_SQL(), [
      jobId,
      row.round_id,
      row.server_revision_id,
      row.client_revision_id,
      row.archived_at,
      row.user_name,
      row.operator_key,
      row.source_path,
      JSON.stringify(row.payload),
      row.payload_sha256,
      row.row_sha256,
      row.snapshot_bytes,
    ]);
    await recordArtifactFile(client, jobId, {
      name: CORRECTION_FILE,
      size: written.size,
      mtimeMs: written.mtimeMs,
      sha256,
    });
    await appendJobEvent(client, jobId, 'correction_set', {
      path: rel,
      sha256,
      previous_sha256: previous,
      by: os.userInfo().username,
    });
    return { previousSha256: previous, changed: true };
  });
  const regenerated = await regenerateJobs(pool, root.dir, [jobId]);
  return { jobId, path: rel, sha256, previousSha256, changed, regenerated };
}

function assertArchived(jobId: string, job: { status: string | null } | undefined): void {
  if (!job) throw new CorrectionRefusedError(`no job ${jobId} in the database`);
  if (job.status !== 'ARCHIVED') {
    throw new CorrectionRefusedError(
      `job ${jobId} is ${job.status ?? 'without status'}, not ARCHIVED:` +
        ` only an archived job takes a correction`,
    );
  }
}
