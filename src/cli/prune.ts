import Table from 'cli-table3';
import type { CommandModule } from 'yargs';
import { jobsRootFor } from '../files/default-root.ts';
import { prune, type PruneReport } from '../prune/prune.ts';
import { databaseOptions, withDatabase } from './database.ts';
import { jobsRootOption } from './regenerate.ts';

interface PruneArgs {
  apply: boolean;
  'move-files-to'?: string;
  job?: string;
  'jobs-root'?: string;
  'database-url'?: string;
}

export const pruneCommand: CommandModule<object, PruneArgs> = {
  command: 'prune',
  describe: 'List (default) or remove what the Retention rules allow to prune from archived jobs',
  builder: (y) =>
    y.options({
      ...databaseOptions,
      ...jobsRootOption,
      apply: { type: 'boolean', default: false, describe: 'remove the candidates (one transaction per job)' },
      'move-files-to': {
        type: 'string',
        describe: 'with --apply: move pruned files here (same relative paths)',
      },
      job: { type: 'string', describe: 'only this job' },
    }) as never,
  handler: async (args) => {
    const report = await withDatabase(args['database-url'], async (db) =>
      prune(db.pool, {
        jobsRoot: await jobsRootFor(db.pool, args['jobs-root']),
        apply: args.apply,
        moveFilesTo: args['move-files-to'],
        jobId: args.job,
      }),
    );
    process.stdout.write(args.apply ? formatApplied(report) : formatDryRun(report));
    const refused = report.plans.filter((p) => p.refusals.length > 0);
    for (const plan of refused)
      process.stderr.write(`jobmig: job ${plan.jobId} not pruned: ${plan.refusals.join('; ')}\n`);
    if (args.apply && refused.length > 0) process.exitCode = 1;
  },
};

function formatDryRun(report: PruneReport): string {
  const rows = report.plans.flatMap((p) =>
    p.candidates.map((c) => [
      c.job_id,
      p.refusals.length > 0 ? 'refused' : 'ready',
      c.candidate,
      c.key,
      c.reason,
    ]),
  );
  if (rows.length === 0) return 'nothing to prune\n';
  const table = new Table({
    head: ['job', 'job state', 'candidate', 'key', 'reason'],
    style: { head: [], border: [], compact: true },
  });
  table.push(...rows);
  return `${table.toString()}\n${rows.length} candidate(s) in ${report.plans.length} job(s); dry run: nothing changed (--apply to prune)\n`;
}

function formatApplied(report: PruneReport): string {
  const lines = report.pruned.map(
    (p) =>
      `${p.jobId}: ${p.rounds.length} round(s), ${p.recordings.length} recording(s), ${p.images.length} image(s), ` +
      `${p.artifacts.length} artifact row(s) removed; ${p.moved.length} file(s) moved`,
  );
  return `${lines.join('\n')}${lines.length ? '\n' : ''}${report.pruned.length} job(s) pruned\n`;
}
