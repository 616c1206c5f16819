/**
 * Regenerate a job's report letter (PDF, DOCX) and public GeoJSON from its current snapshot (the
 * correction where one exists, else the final), at the known output names of LEGACY_LAYOUT.md. The
 * snapshot is read from its stored file bytes, so the GeoJSON keeps the file's key order.
 * The database decides first: in one transaction, after a privilege check, the artifacts rows get the
 * new size and sha256, the GeoJSON row its new content, and the job an `outputs_regenerated` event; the
 * files, staged under temporary names in the real job folder, are renamed into place after COMMIT.
 */
import type { OnProgress } from '../util/terminal.ts';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import { assertJobFolderName, JobsRoot, UnsafePathError } from '../files/jobs-root.ts';
import { type Stager, transactionThenFiles } from '../files/staged.ts';
import { geojsonRow } from '../model/row-builders.ts';
import { restoreUnwrittenCorrection } from './correction-file.ts';
import { appendJobEvent, assertCanWrite, type Needs, RECORD_NEEDS, recordArtifactFile } from './records.ts';
import { classifyJobFile, type ArtifactKind, type SnapshotKind } from '../legacy/layout.ts';
import { parseLegacyJson } from '../legacy/parse-file.ts';
import type { FinalSnapshot } from '../legacy/schemas.ts';
import { buildGeoJson } from '../model/geojson.ts';
import { parseAsWritten, writeAsWritten } from '../model/ordered-json.ts';
import { imageInfo } from './image-info.ts';
import { renderLetterDocx } from './letter-docx.ts';
import { buildLetterModel, type LetterModel } from './letter-model.ts';
import { renderLetterPdf, type LoadedImage } from './letter-pdf.ts';

const sqlFile = sqlFolder(import.meta.url);
const SNAPSHOTS_SQL = sqlFile('current-snapshots.sql');
const RECORD_GEOJSON_SQL = sqlFile('record-geojson.sql');

/** The only kinds regeneration writes: never an uploaded medium, never a snapshot's JSON. */
const GENERATED_KINDS: ReadonlySet<ArtifactKind> = new Set(['report_pdf', 'report_docx', 'geojson']);

const REGENERATE_NEEDS: Needs = [
  ...RECORD_NEEDS,
  ['job_geojson_exports', 'INSERT'],
  ['job_geojson_exports', 'UPDATE'],
];

export const OUTPUT_NAMES: Record<SnapshotKind, { pdf: string; docx: string; geojson: string }> = {
  final: { pdf: 'final_report_letter.pdf', docx: 'final_report_letter.docx', geojson: 'final.geojson' },
  correction: {
    pdf: 'final_report_letter_correction.pdf',
    docx: 'final_report_letter_correction.docx',
    geojson: 'final_correction.geojson',
  },
};

export interface RegeneratedFile {
  path: string;
  kind: ArtifactKind;
  size: number;
  sha256: string;
}

export interface RegenerateResult {
  jobId: string;
  snapshot: SnapshotKind;
  files: RegeneratedFile[];
  /** Report images that could not be shown, and why. */
  notes: string[];
}

export interface RegenerateOptions {
  /** Write into <outDir>/<job_id>/ instead of the job folders, and change nothing in the database. */
  outDir?: string;
  /** Called after each job regenerated. */
  onProgress?: OnProgress;
}

/** Thrown when a named job has no snapshot to regenerate from. */
export class NothingToRegenerateError extends Error {}

export interface SnapshotRow {
  job_id: string;
  kind: SnapshotKind;
  payload: unknown;
  payload_sha256: string;
  snapshot_bytes: Buffer | null;
  job_number: string | null;
}

/** Regenerate the named jobs (null = every job with a snapshot). */
export async function regenerateJobs(
  pool: pg.Pool,
  jobsRoot: string,
  jobIds: readonly string[] | null,
  options: RegenerateOptions = {},
): Promise<RegenerateResult[]> {
  for (const jobId of jobIds ?? []) assertJobFolderName(jobId);
  const root = await JobsRoot.open(jobsRoot);
  const out = options.outDir ? await JobsRoot.open(await root.assertOutside(options.outDir)) : null;
  const { rows } = await pool.query<SnapshotRow>(SNAPSHOTS_SQL(), [jobIds ? [...jobIds] : null]);
  const missing = (jobIds ?? []).filter((id) => !rows.some((r) => r.job_id === id));
  if (missing.length > 0)
    throw new NothingToRegenerateError(
      `no final or correction snapshot for job ${missing.join(', ')}: nothing to regenerate`,
    );
  const results: RegenerateResult[] = [];
  for (const row of rows) {
    const rendered = await renderOutputs(root, row);
    results.push(
      out ? await writeCopies(out, row, rendered) : await regenerateJob(pool, root, row, rendered),
    );
    options.onProgress?.(results.length, rows.length);
  }
  return results;
}

/** One snapshot's outputs, rendered in memory: nothing is written yet. */
interface Rendered {
  files: Array<{ name: string; kind: ArtifactKind; bytes: Buffer }>;
  notes: string[];
}

async function renderOutputs(root: JobsRoot, row: SnapshotRow): Promise<Rendered> {
  assertJobFolderName(row.job_id);
  const snapshot = readSnapshot(row);
  const { value, raw, written } = snapshot;
  const model = buildLetterModel(row.job_id, row.job_number, row.kind, value, raw);
  const { images, notes } = await loadImages(root, model);
  if (!snapshot.fromBytes)
    notes.push(`the ${row.kind}'s file bytes are not stored: GeoJSON keys in jsonb order, not the file's`);
  const geojson = buildGeoJson(value, written, row.job_number ?? value.job_number ?? null);
  const names = OUTPUT_NAMES[row.kind];
  const files: Array<[string, Buffer]> = [
    [names.pdf, await renderLetterPdf(model, images)],
    [names.docx, await renderLetterDocx(model, images)],
    [names.geojson, Buffer.from(writeAsWritten(geojson) + '\n')],
  ];
  return { files: files.map(([name, bytes]) => ({ name, kind: generatedKind(name), bytes })), notes };
}

function generatedKind(name: string): ArtifactKind {
  const role = classifyJobFile(name);
  if (role.role !== 'artifact' || !GENERATED_KINDS.has(role.kind))
    throw new Error(`${name} is not a generated output: refused`);
  return role.kind;
}

/** --out: copies in <outDir>/<job_id>/, the database untouched. */
async function writeCopies(out: JobsRoot, row: SnapshotRow, rendered: Rendered): Promise<RegenerateResult> {
  await mkdir(path.join(out.dir, row.job_id), { recursive: true });
  const files: RegeneratedFile[] = [];
  for (const { name, kind, bytes } of rendered.files) {
    const rel = `${row.job_id}/${name}`;
    const { size, sha256 } = await out.writeAtomic(rel, bytes);
    files.push({ path: rel, kind, size, sha256 });
  }
  return { jobId: row.job_id, snapshot: row.kind, files, notes: rendered.notes };
}

/** The database first: rows in one transaction, files renamed into place only after it commits. */
function regenerateJob(
  pool: pg.Pool,
  root: JobsRoot,
  row: SnapshotRow,
  rendered: Rendered,
): Promise<RegenerateResult> {
  return transactionThenFiles(pool, root, `jobmig regenerate ${row.job_id}`, async (client, stager) => {
    await assertCanWrite(client, 'jobmig regenerate', REGENERATE_NEEDS);
    const restored = await restoreUnwrittenCorrection(client, root, stager, row);
    const result = await stageAndRecord(client, stager, row, rendered);
    if (restored) {
      result.files.unshift(restored);
      result.notes.push(`${restored.path} restored from the database: a correction set had not written it`);
    }
    return result;
  });
}

/**
 * For `correction set`, inside its transaction: the job's snapshot as that transaction sees it (the new
 * correction), rendered, staged and recorded; the caller publishes the files after COMMIT.
 */
export async function regenerateInTransaction(
  client: pg.ClientBase,
  root: JobsRoot,
  stager: Stager,
  jobId: string,
): Promise<RegenerateResult> {
  const { rows } = await client.query<SnapshotRow>(SNAPSHOTS_SQL(), [[jobId]]);
  if (!rows[0]) throw new NothingToRegenerateError(`no final or correction snapshot for job ${jobId}`);
  return stageAndRecord(client, stager, rows[0], await renderOutputs(root, rows[0]));
}

/** Stage the rendered files and record their artifacts rows, the GeoJSON's content and the event. */
async function stageAndRecord(
  client: pg.ClientBase,
  stager: Stager,
  row: SnapshotRow,
  rendered: Rendered,
): Promise<RegenerateResult> {
  const files: RegeneratedFile[] = [];
  for (const { name, kind, bytes } of rendered.files) {
    const staged = await stager.stage(`${row.job_id}/${name}`, bytes);
    await recordArtifactFile(client, row.job_id, { ...staged, name });
    files.push({ path: staged.rel, kind, size: staged.size, sha256: staged.sha256 });
    if (kind === 'geojson') await recordGeojson(client, row, staged.rel, bytes, staged.sha256);
  }
  const { notes } = rendered;
  await appendJobEvent(client, row.job_id, 'outputs_regenerated', {
    snapshot: row.kind,
    snapshot_sha256: row.payload_sha256,
    files,
    notes,
  });
  return { jobId: row.job_id, snapshot: row.kind, files, notes: [...notes] };
}

async function recordGeojson(
  client: pg.ClientBase,
  row: SnapshotRow,
  rel: string,
  bytes: Buffer,
  sha256: string,
): Promise<void> {
  // What the import would store for this file (NUL and lone surrogates escaped for jsonb).
  const payload = parseLegacyJson('geojson', bytes, rel).raw;
  const planned = geojsonRow(row.job_id, row.kind, rel, payload, sha256);
  await client.query(RECORD_GEOJSON_SQL(), [
    row.job_id,
    row.kind,
    rel,
    JSON.stringify(payload),
    sha256,
    planned.row_sha256,
  ]);
}

/**
 * The snapshot to regenerate from: its stored bytes (key order and spellings as the file wrote them),
 * or, for a row imported before the bytes were kept, its jsonb payload.
 */
function readSnapshot(row: SnapshotRow): {
  value: FinalSnapshot;
  raw: unknown;
  written: unknown;
  fromBytes: boolean;
} {
  const bytes = row.snapshot_bytes ?? Buffer.from(JSON.stringify(row.payload));
  const parsed = parseLegacyJson('final', bytes, `${row.job_id}/job_finals(${row.kind})`);
  if (!parsed.value)
    throw new Error(
      `job ${row.job_id}: the ${row.kind} snapshot in job_finals` +
        ` is not an object: ${parsed.issues[0]?.message ?? ''}`,
    );
  const fromBytes = row.snapshot_bytes !== null;
  const written = fromBytes ? parseAsWritten(bytes.toString('utf8')) : parsed.raw;
  return { value: parsed.value, raw: parsed.raw, written, fromBytes };
}

async function loadImages(
  root: JobsRoot,
  model: LetterModel,
): Promise<{ images: LoadedImage[]; notes: string[] }> {
  const notes: string[] = [];
  const images: LoadedImage[] = [];
  for (const ref of model.images) {
    let note: string | null = null;
    let picture: LoadedImage['picture'] = null;
    if (ref.jobPath === null)
      note = `path ${JSON.stringify(ref.written)} is outside the job folder: not opened`;
    else {
      const rel = `${model.jobId}/${ref.jobPath}`;
      try {
        const bytes = await root.read(rel, 32 * 1024 * 1024);
        const info = bytes ? imageInfo(bytes) : null;
        if (!bytes) note = `${rel} is not on disk`;
        else if (!info) note = `${rel} is not a readable JPEG or PNG`;
        else picture = { bytes, info };
      } catch (err) {
        if (!(err instanceof UnsafePathError)) throw err;
        note = err.message;
      }
    }
    if (note) notes.push(`${ref.caption}: ${note}`);
    images.push({ caption: ref.caption, picture, note: note ? 'image not available' : null });
  }
  return { images, notes };
}
