/**
 * What the review app's pages read, each page in one READ ONLY transaction (the list and its counts
 * in one snapshot). Findings come through src/findings/store.ts, the rest from src/review/sql/*.sql.
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import { withTransaction } from '../db/transaction.ts';
import {
  countFindings,
  type FindingCount,
  type FindingFilter,
  listFindings,
  type StoredFinding,
} from '../findings/store.ts';

const sqlFile = sqlFolder(import.meta.url);
const HISTORY_SQL = sqlFile('finding-history.sql');
const RUNS_SQL = sqlFile('finding-runs.sql');
const ARTIFACTS_SQL = sqlFile('job-artifacts.sql');
const RECORD_SQL = sqlFile('job-record.sql');
const META_SQL = sqlFile('media-meta.sql');
const KEYS_SQL = sqlFile('job-keys.sql');
const MEDIA_SQL = sqlFile('job-media.sql');
const IMAGE_SQL = sqlFile('job-image.sql');
const FINDING_ARTIFACT_SQL = sqlFile('finding-artifact.sql');

export const PAGE_SIZE = 50;

export interface FindingsPage {
  rows: StoredFinding[];
  counts: FindingCount[];
  total: number;
}

/** One page of matching findings (page counts from 1) and the counts of all of them. */
export function readFindingsPage(pool: pg.Pool, filter: FindingFilter, page: number): Promise<FindingsPage> {
  return withTransaction(pool, 'read only snapshot', async (client) => {
    const counts = await countFindings(client, filter);
    const rows = await listFindings(client, { ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return { rows, counts, total: counts.reduce((n, c) => n + c.count, 0) };
  });
}

export interface ArtifactRow {
  path: string;
  kind: string;
  size: string;
}

export interface ReviewEvent {
  created_at: Date;
  reviewed_by: string | null;
  review_status: string | null;
  note: string | null;
  via: string | null;
}

export interface RunRow {
  id: string;
  started_at: Date;
  finished_at: Date | null;
  status: string;
}

export interface FindingDetail {
  finding: StoredFinding;
  history: ReviewEvent[];
  runs: RunRow[];
  /** The finding's paths that are artifact rows of its job, by path. */
  artifacts: Map<string, ArtifactRow>;
  /** The JSON files that become table rows (job_record.json, *.meta.json), as imported, by path. */
  rows: Map<string, unknown>;
}

export function readFindingDetail(pool: pg.Pool, id: string): Promise<FindingDetail | null> {
  return withTransaction(pool, 'read only snapshot', async (client) => {
    const [finding] = await listFindings(client, { id });
    if (!finding) return null;
    const f = finding;
    const history = (await client.query<ReviewEvent>(HISTORY_SQL(), [f.job_id, f.id])).rows;
    const runIds = [f.first_run_id, f.last_run_id, f.gone_run_id].filter((r) => r !== null);
    const runs = (await client.query<RunRow>(RUNS_SQL(), [runIds])).rows;
    const found = await client.query<ArtifactRow>(ARTIFACTS_SQL(), [f.job_id, f.paths]);
    const rows = await importedRows(client, f);
    return { finding, history, runs, artifacts: new Map(found.rows.map((a) => [a.path, a])), rows };
  });
}

const MEDIA_META = /^sections\/([^/]+)\/(recordings|images)\/([^/]+)\.meta\.json$/;

/** The finding's job_record.json and .meta.json paths, as the rows the import made of them. */
async function importedRows(client: pg.ClientBase, f: StoredFinding): Promise<Map<string, unknown>> {
  const rows = new Map<string, unknown>();
  for (const path of f.paths) {
    if (!path.startsWith(`${f.job_id}/`)) continue;
    const rel = path.slice(f.job_id.length + 1);
    const media = MEDIA_META.exec(rel);
    const found =
      rel === 'job_record.json'
        ? await client.query(RECORD_SQL(), [f.job_id])
        : media
          ? await client.query(META_SQL(), [f.job_id, media[1], media[2], media[3]])
          : null;
    const value = found?.rows[0]?.record ?? found?.rows[0]?.meta;
    if (value !== undefined && value !== null) rows.set(path, value);
  }
  return rows;
}

/** The artifact row behind path number `n` of a finding, or null: the only way a finding's file is found. */
export async function findingArtifact(
  pool: pg.Pool,
  id: string,
  n: number,
): Promise<(ArtifactRow & { job_id: string }) | null> {
  return (
    (await pool.query<ArtifactRow & { job_id: string }>(FINDING_ARTIFACT_SQL(), [id, n])).rows[0] ?? null
  );
}

export async function jobImageArtifact(
  pool: pg.Pool,
  jobId: string,
  imageId: string,
): Promise<ArtifactRow | null> {
  return (await pool.query<ArtifactRow>(IMAGE_SQL(), [jobId, imageId])).rows[0] ?? null;
}

export type JobKeys = Record<string, string | null>;

export interface MediaRow {
  round_id: string | null;
  status: string | null;
  manifest_items: number | null;
  medium: 'recording' | 'image' | null;
  media_id: string | null;
  section_id: string | null;
  file_path: string | null;
  detail: string | null;
  servable: boolean;
}

export interface JobDetail {
  keys: JobKeys;
  findings: StoredFinding[];
  media: MediaRow[];
}

export function readJobDetail(pool: pg.Pool, jobId: string): Promise<JobDetail | null> {
  return withTransaction(pool, 'read only snapshot', async (client) => {
    const keys = (await client.query<JobKeys>(KEYS_SQL(), [jobId])).rows[0];
    if (!keys) return null;
    const findings = await listFindings(client, { job: jobId });
    const media = (await client.query<MediaRow>(MEDIA_SQL(), [jobId])).rows;
    return { keys, findings, media };
  });
}
