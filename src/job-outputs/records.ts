/** Database records of files the write commands put at known paths, and their audit events. */
import type pg from 'pg';
import { CommandError } from '../util/errors.ts';
import { sqlFolder } from '../db/sql-files.ts';
import { artifactRow } from '../model/row-builders.ts';
import { classifyJobFile } from '../legacy/layout.ts';

const sqlFile = sqlFolder(import.meta.url);
const RECORD_OUTPUT_SQL = sqlFile('record-output.sql');
const APPEND_EVENT_SQL = sqlFile('append-event.sql');
const MISSING_PRIVILEGES_SQL = sqlFile('missing-privileges.sql');

/** The role may not write what the command needs: said before anything is written. */
export class NoWritePrivilegeError extends CommandError {}

/** Table and privilege pairs a write command needs. */
export type Needs = ReadonlyArray<readonly [table: string, privilege: 'INSERT' | 'UPDATE']>;

/** What recording an output file and its event takes (recordArtifactFile, appendJobEvent). */
export const RECORD_NEEDS: Needs = [
  ['artifacts', 'INSERT'],
  ['artifacts', 'UPDATE'],
  ['job_events', 'INSERT'],
];

/** Refuses, naming the role, tables and privileges, unless the session has every one of `needs`. */
export async function assertCanWrite(client: pg.ClientBase, command: string, needs: Needs): Promise<void> {
  const { rows } = await client.query<{ role_name: string; table_name: string; privilege: string }>(
    MISSING_PRIVILEGES_SQL(),
    [needs.map(([table]) => table), needs.map(([, privilege]) => privilege)],
  );
  if (rows.length === 0) return;
  const missing = rows.map((r) => `${r.privilege} on ${r.table_name}`).join(', ');
  throw new NoWritePrivilegeError(
    `${command}: role ${rows[0]!.role_name} can only read here (it lacks ${missing}); nothing was changed`,
  );
}

export interface WrittenFile {
  /** Name inside the job folder, e.g. final_report_letter.pdf. */
  name: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

/**
 * Insert or re-hash the artifacts row of a file written at a known path. row_sha256 is that of the
 * row the import would plan for the file (which hashes only the JSON files it reads), so a later
 * import finds the row unchanged and keeps the sha256 recorded here.
 */
export async function recordArtifactFile(
  client: pg.ClientBase,
  jobId: string,
  file: WrittenFile,
): Promise<void> {
  const role = classifyJobFile(file.name);
  if (role.role !== 'artifact') throw new Error(`${file.name} is metadata, not an artifact`);
  const importKnowsHash = role.kind === 'geojson' || role.kind === 'final_json';
  const planned = artifactRow(
    jobId,
    file.name,
    role,
    null,
    file.size,
    file.mtimeMs,
    importKnowsHash ? file.sha256 : null,
  );
  await client.query(RECORD_OUTPUT_SQL(), [
    jobId,
    planned.path,
    role.kind,
    role.snapshot ?? null,
    file.size,
    planned.mtime,
    file.sha256,
    planned.row_sha256,
  ]);
}

export async function appendJobEvent(
  client: pg.ClientBase,
  jobId: string,
  eventType: string,
  payload: object,
): Promise<void> {
  await client.query(APPEND_EVENT_SQL(), [jobId, eventType, JSON.stringify(payload)]);
}
