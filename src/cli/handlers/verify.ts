/** `jobmig verify`: prints the differences as a table or JSON; exit 1 when any. */
import Table from 'cli-table3';
import { verifyStore, type VerifyResult } from '../../verify/verify.ts';
import { withDatabase } from '../database.ts';

/** The parsed arguments (see the descriptor, ../verify.ts, for their options). */
export interface VerifyArgs {
  'jobs-root': string;
  format: 'table' | 'json';
  concurrency: number;
  'database-url'?: string;
  'read-only': boolean;
}

export async function run(args: VerifyArgs): Promise<void> {
  const result = await withDatabase(
    args['database-url'],
    (db) => verifyStore(db.pool, args['jobs-root'], args.concurrency),
    {
      readOnly: args['read-only'],
    },
  );
  process.stdout.write(args.format === 'json' ? formatJson(result) : formatTable(result));
  if (result.differences.length > 0 || result.tokenCopies.length > 0) process.exitCode = 1;
}

function formatJson(r: VerifyResult): string {
  const out = {
    jobs_root: r.jobsRoot,
    jobs_on_disk: r.jobsOnDisk,
    jobs_only_in_database: r.jobsOnlyInDatabase,
    differences: r.differences,
    token_copies: r.tokenCopies,
  };
  return JSON.stringify(out, null, 2) + '\n';
}

function formatTable(r: VerifyResult): string {
  return formatDifferences(r) + formatTokenCopies(r);
}

/** The secrets check: where a stored value holds a copy of a token, never the token itself. */
function formatTokenCopies(r: VerifyResult): string {
  if (r.tokenCopies.length === 0) return 'secrets: no stored value holds a copy of a stored token\n';
  const table = new Table({
    head: ['table', 'column', 'key', 'token'],
    style: { head: [], border: [], compact: true },
  });
  for (const c of r.tokenCopies) table.push([c.table, c.column, c.key, c.token]);
  return `${table.toString()}\nsecrets: ${r.tokenCopies.length} stored value(s) hold a copy of a token\n`;
}

function formatDifferences(r: VerifyResult): string {
  const checked =
    `${r.jobsOnDisk} job folder(s) on disk, ` + `${r.jobsOnlyInDatabase} job(s) only in the database`;
  if (r.differences.length === 0) return `no differences: ${checked}\n`;
  const table = new Table({
    head: ['job', 'count', 'disk', 'database'],
    colAligns: ['left', 'left', 'right', 'right'],
    style: { head: [], border: [], compact: true },
  });
  for (const d of r.differences) table.push([d.job_id, d.count, d.disk, d.database]);
  return `${table.toString()}\n${r.differences.length} difference(s): ${checked}\n`;
}
