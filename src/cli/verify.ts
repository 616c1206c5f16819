import Table from 'cli-table3';
import type { CommandModule } from 'yargs';
import { verifyStore, type VerifyResult } from '../verify/verify.ts';
import { databaseOptions, readOnlyOptions, withDatabase } from './database.ts';

interface VerifyArgs {
  'jobs-root': string;
  format: 'table' | 'json';
  concurrency: number;
  'database-url'?: string;
  'read-only': boolean;
}

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify <jobs-root>',
  describe: 'Compare per-job counts on disk with the database; exit 1 when any differ',
  builder: (y) =>
    y
      .positional('jobs-root', {
        type: 'string',
        demandOption: true,
        describe: 'folder holding the job folders',
      })
      .options({
        ...databaseOptions,
        ...readOnlyOptions,
        format: {
          type: 'string',
          choices: ['table', 'json'] as const,
          default: 'table' as const,
          describe: 'output format',
        },
        concurrency: { type: 'number', default: 8, describe: 'job folders read at once' },
      }) as never,
  handler: async (args) => {
    const result = await withDatabase(
      args['database-url'],
      (db) => verifyStore(db.pool, args['jobs-root'], args.concurrency),
      {
        readOnly: args['read-only'],
      },
    );
    process.stdout.write(args.format === 'json' ? formatJson(result) : formatTable(result));
    if (result.differences.length > 0) process.exitCode = 1;
  },
};

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
  const checked = `${r.jobsOnDisk} job folder(s) on disk, ${r.jobsOnlyInDatabase} job(s) only in the database`;
  if (r.differences.length === 0) return `no differences: ${checked}\n`;
  const table = new Table({
    head: ['job', 'count', 'disk', 'database'],
    colAligns: ['left', 'left', 'right', 'right'],
    style: { head: [], border: [], compact: true },
  });
  for (const d of r.differences) table.push([d.job_id, d.count, d.disk, d.database]);
  return `${table.toString()}\n${r.differences.length} difference(s): ${checked}\n`;
}
