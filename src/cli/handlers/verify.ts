/** `jobmig verify`: prints the differences as a table or JSON; exit 1 when any. */
import Table from 'cli-table3';
import { verifyStore, type VerifyResult } from '../../verify/verify.ts';
import { withDatabase } from '../database.ts';
import type { VerifyArgs } from '../verify.ts';
import { CommandError, EXIT } from '../../util/errors.ts';

export async function run(args: VerifyArgs): Promise<void> {
  const result = await withDatabase(
    args['database-url'],
    (db) => verifyStore(db.pool, args['jobs-root'], args.concurrency),
    {
      readOnly: args['read-only'],
    },
  );
  process.stdout.write(args.format === 'json' ? formatJson(result) : formatTable(result));
  const n = result.differences.length;
  if (n > 0)
    throw new CommandError(`${n} difference(s) between disk and database`, { exitCode: EXIT.answeredNo });
}

function formatJson(r: VerifyResult): string {
  const out = {
    jobs_root: r.jobsRoot,
    jobs_on_disk: r.jobsOnDisk,
    jobs_only_in_database: r.jobsOnlyInDatabase,
    differences: r.differences,
  };
  return JSON.stringify(out, null, 2) + '\n';
}

function formatTable(r: VerifyResult): string {
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
