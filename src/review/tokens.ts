/**
 * What the review app shows of files that may hold bearer tokens (docs/security.md "Tokens"): JSON
 * read from disk is redacted of every stored token's copies, and a file a token_in_snapshot finding
 * names (an archived snapshot holding a token) is neither shown nor served.
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import { Redactor } from '../util/token-redact.ts';

const sqlFile = sqlFolder(import.meta.url);
const TOKEN_HASHES_SQL = sqlFile('token-hashes.sql');
const TOKEN_IN_FILE_SQL = sqlFile('token-in-file.sql');

export const HOLDS_TOKEN = 'it holds a copy of a bearer token (see its token_in_snapshot finding)';

export async function storedTokens(pool: pg.Pool): Promise<Redactor> {
  const { rows } = await pool.query<{ token_sha256: string }>(TOKEN_HASHES_SQL());
  return new Redactor({ plaintexts: [], hashes: rows.map((r) => r.token_sha256) });
}

export async function holdsToken(pool: pg.Pool, jobId: string, path: string): Promise<boolean> {
  const { rows } = await pool.query<{ held: boolean }>(TOKEN_IN_FILE_SQL(), [jobId, path]);
  return rows[0]?.held === true;
}
