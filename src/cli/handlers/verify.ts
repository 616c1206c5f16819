/** `jobmig verify`: prints the differences as a table or JSON; exit 1 when any. */
import { verifyStore, type VerifyResult } from '../../verify/verify.ts';
import { tableWidth, textTable } from '../../util/terminal.ts';
import { withDatabase } from '../database.ts';
import type { VerifyArgs } from '../verify.ts';
import { CommandError, EXIT } from '../../util/errors.ts';
import { progressBar } from '../progress.ts';

export async function run(args: VerifyArgs): Promise<void> {
  const bar = progressBar('verifying', 'job folders');
  const result = await withDatabase(
    args['database-url'],
    (db) => verifyStore(db.pool, args['jobs-root'], args.concurrency, bar.update).finally(bar.stop),
    { readOnly: args['read-only'] },
  );
  process.stdout.write(
    args.format === 'json' ? formatJson(result) : formatTable(result, tableWidth(args.wide)),
  );
  const n = result.differences.length;
  const copies = result.tokenCopies.length;
  if (n > 0 || copies > 0) {
    const what = [
      n > 0 ? `${n} difference(s) between disk and database` : '',
      copies > 0 ? `${copies} stored token copy(ies)` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    throw new CommandError(what, { exitCode: EXIT.answeredNo });
  }
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

function formatTable(r: VerifyResult, width: number | undefined): string {
  return formatDifferences(r, width) + formatTokenCopies(r, width);
}

/** The secrets check: where a stored value holds a copy of a token, never the token itself. */
function formatTokenCopies(r: VerifyResult, width: number | undefined): string {
  if (r.tokenCopies.length === 0) return 'secrets: no stored value holds a copy of a stored token\n';
  const table = textTable(
    ['table', 'column', 'key', 'token'],
    r.tokenCopies.map((c) => [c.table, c.column, c.key, c.token]),
    { width },
  );
  return `${table}\nsecrets: ${r.tokenCopies.length} stored value(s) hold a copy of a token\n`;
}

function formatDifferences(r: VerifyResult, width: number | undefined): string {
  const checked =
    `${r.jobsOnDisk} job folder(s) on disk, ` + `${r.jobsOnlyInDatabase} job(s) only in the database`;
  if (r.differences.length === 0) return `no differences: ${checked}\n`;
  const table = textTable(
    ['job', 'count', 'disk', 'database'],
    r.differences.map((d) => [d.job_id, d.count, d.disk, d.database]),
    { aligns: ['left', 'left', 'right', 'right'], width },
  );
  return `${table}\n${r.differences.length} difference(s): ${checked}\n`;
}
