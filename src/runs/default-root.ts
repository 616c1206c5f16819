/** The jobs root a command works on: the one given, else the root the latest import run recorded. */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';

const LATEST_ROOT_SQL = sqlFolder(import.meta.url)('latest-jobs-root.sql');

/** `--jobs-root` when given, else the root of the latest import run. */
export async function jobsRootFor(pool: pg.Pool, given: string | undefined): Promise<string> {
  if (given) return given;
  const { rows } = await pool.query<{ jobs_root: string }>(LATEST_ROOT_SQL());
  if (!rows[0])
    throw new Error('no import run in this database to take the jobs root from: pass --jobs-root DIR');
  return rows[0].jobs_root;
}
