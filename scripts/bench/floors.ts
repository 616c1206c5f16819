/**
 * The physical floors the import is measured against, on the same machine in the same run:
 * - floor_read: find every metadata (.json) file of the store, read it and JSON.parse it, nothing
 *   else, on one thread as the importer does (its reads are synchronous; see src/legacy/read-job.ts).
 * - floor_walk: readdir + lstat of every entry, which an unchanged rerun cannot do without (the
 *   fingerprint is every file's path, size and mtime).
 * - floor_copy: COPY the importer's final rows (dumped once with COPY TO) back into empty tables
 *   with the same columns and indexes.
 */
import { createReadStream, createWriteStream, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { JOB_STORE_TABLES } from '../../src/staging/counts.ts';

export const LOADED_TABLES = [...JOB_STORE_TABLES, 'job_events', 'reconciliation', 'import_issues'] as const;

export interface FloorRead {
  seconds: number;
  files: number;
  bytes: number;
}

function walk(dir: string, onEntry: (full: string, isDir: boolean, isFile: boolean) => void): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    onEntry(full, e.isDirectory(), e.isFile());
    if (e.isDirectory()) walk(full, onEntry);
  }
}

export function floorRead(root: string): FloorRead {
  const t0 = performance.now();
  const files: string[] = [];
  walk(root, (full, _isDir, isFile) => {
    if (isFile && full.endsWith('.json')) files.push(full);
  });
  let bytes = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    bytes += text.length;
    try {
      JSON.parse(text);
    } catch {
      // the store's deliberately broken files cost their read and a failed parse, as in the importer
    }
  }
  return { seconds: (performance.now() - t0) / 1000, files: files.length, bytes };
}

export function floorWalk(root: string): { seconds: number; entries: number } {
  const t0 = performance.now();
  let entries = 0;
  walk(root, (full) => {
    lstatSync(full);
    entries++;
  });
  return { seconds: (performance.now() - t0) / 1000, entries };
}

async function insertableColumns(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'` +
      ` ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => pg_ident(r.column_name));
}

function pg_ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * COPY the loaded rows out to files, then time COPYing them into empty copies of the tables (indexes
 * included).
 */
export async function floorCopy(
  client: pg.ClientBase,
): Promise<{ seconds: number; rows: number; bytes: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-floor-copy-'));
  try {
    const plans: { table: string; columns: string; file: string }[] = [];
    for (const table of LOADED_TABLES) {
      const columns = (await insertableColumns(client, table)).join(', ');
      const file = path.join(dir, `${table}.copy`);
      await pipeline(client.query(copyTo(`COPY ${table} (${columns}) TO STDOUT`)), createWriteStream(file));
      // LIKE ... INCLUDING ALL: same columns, defaults, generated columns, indexes and checks; no foreign
      // keys.
      await client.query(`DROP TABLE IF EXISTS floor_${table}`);
      await client.query(`CREATE TABLE floor_${table} (LIKE ${table} INCLUDING ALL)`);
      plans.push({ table, columns, file });
    }
    await client.query('CHECKPOINT');
    let rows = 0;
    let bytes = 0;
    const t0 = performance.now();
    await client.query('BEGIN');
    for (const p of plans) {
      const stream = client.query(copyFrom(`COPY floor_${p.table} (${p.columns}) FROM STDIN`));
      const source = createReadStream(p.file);
      source.on('data', (chunk) => (bytes += chunk.length));
      await pipeline(source, stream);
      rows += Number(stream.rowCount);
    }
    await client.query('COMMIT');
    const seconds = (performance.now() - t0) / 1000;
    for (const p of plans) await client.query(`DROP TABLE floor_${p.table}`);
    return { seconds, rows, bytes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
