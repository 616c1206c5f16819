/**
 * `jobmig correction set`: make a payload the current correction of an archived job. The database
 * decides first: one transaction checks privileges, locks the job, writes the correction's rows and the
 * regenerated outputs' rows; final_correction.json and the outputs, staged under temporary names in the
 * real job folder, are renamed into place only after COMMIT. A refusal leaves every file as it was.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type pg from 'pg';
import { applySettings } from '../db/session-settings.ts';
import { sqlFolder } from '../db/sql-files.ts';
import { assertJobFolderName, JobsRoot } from '../files/jobs-root.ts';
import { type Stager, transactionThenFiles } from '../files/staged.ts';
import { sha256Hex } from '../util/hash.ts';
import { displayName, identityKey } from '../model/identity.ts';
import { finalRow, operatorRow } from '../model/row-builders.ts';
import { textOrNull } from '../model/values.ts';
import { encodeRows } from '../staging/encode.ts';
import { mergeIdentities } from '../staging/merge.ts';
import { MAX_JSON_BYTES, parseLegacyJson } from '../legacy/parse-file.ts';
import type { FileIssue } from '../legacy/issues.ts';
import type { FinalSnapshot } from '../legacy/schemas.ts';
import { CORRECTION_FILE } from '../job-outputs/correction-file.ts';
import { regenerateInTransaction, type RegenerateResult } from '../job-outputs/regenerate.ts';
import {
  appendJobEvent,
  assertCanWrite,
  type Needs,
  RECORD_NEEDS,
  recordArtifactFile,
} from '../job-outputs/records.ts';

const sqlFile = sqlFolder(import.meta.url);
const LOCK_JOB_SQL = sqlFile('lock-job.sql');
const UPSERT_SQL = sqlFile('upsert-correction.sql');
const JOB_STATUS_SQL = sqlFile('job-status.sql');

/** What a correction set writes beyond what regeneration records. */
const CORRECTION_NEEDS: Needs = [
  ...RECORD_NEEDS,
  ['job_finals', 'INSERT'],
  ['job_finals', 'UPDATE'],
  ['operators', 'INSERT'],
  ['job_geojson_exports', 'INSERT'],
  ['job_geojson_exports', 'UPDATE'],
];

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
  const written = textOrNull(parsed.value?.job_id);
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
  const { rows: before } = await pool.query<{ status: string | null }>(JOB_STATUS_SQL(), [jobId]);
  assertArchived(jobId, before[0]);
  const repair = `jobmig regenerate ${jobId}`;
  // The database decides first; the correction file and the outputs are renamed into place after COMMIT.
  return transactionThenFiles(pool, root, repair, async (client, stager) => {
    await applySettings(client, { event_source: 'correction set' });
    await assertCanWrite(client, 'jobmig correction set', CORRECTION_NEEDS);
    const { rows } = await client.query<{ status: string | null; correction_sha256: string | null }>(
      LOCK_JOB_SQL(),
      [jobId],
    );
    assertArchived(jobId, rows[0]);
    const previous = rows[0]!.correction_sha256;
    const written = await writeCorrectionRows(client, stager, jobId, bytes, previous);
    const regenerated = [await regenerateInTransaction(client, root, stager, jobId)];
    const { rel: path, sha256, changed } = written;
    return { jobId, path, sha256, previousSha256: previous, changed, regenerated };
  });
}

/** The correction's rows (operator, job_finals, artifact, event) and its staged file, unless unchanged. */
async function writeCorrectionRows(
  client: pg.ClientBase,
  stager: Stager,
  jobId: string,
  bytes: Buffer,
  previous: string | null,
): Promise<{ rel: string; sha256: string; changed: boolean }> {
  const rel = `${jobId}/${CORRECTION_FILE}`;
  const sha256 = sha256Hex(bytes);
  if (previous === sha256) return { rel, sha256, changed: false };
  const file = { rel, parsed: parseLegacyJson('final', bytes, rel), sha256, bytes };
  const row = finalRow(jobId, 'correction', file, []);
  await mergeOperator(client, jobId, file.parsed.value!);
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
  const staged = await stager.stage(rel, bytes);
  await recordArtifactFile(client, jobId, { ...staged, name: CORRECTION_FILE });
  const by = os.userInfo().username;
  await appendJobEvent(client, jobId, 'correction_set', { path: rel, sha256, previous_sha256: previous, by });
  return { rel, sha256, changed: true };
}

/** The correction's assessor joins operators as an import would add it. */
async function mergeOperator(client: pg.ClientBase, jobId: string, value: FinalSnapshot): Promise<void> {
  const name = displayName(value.user_name);
  const key = identityKey(value.user_name);
  if (!name || !key) return;
  const operators = encodeRows('stg_operators', [operatorRow(jobId, key, name, value, null)]);
  await mergeIdentities(client, [{ jobId, filesRead: 0, issues: [], staged: { stg_operators: operators } }]);
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
