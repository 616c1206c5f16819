/** `jobmig prune`: the dry run's table, or what --apply removed; refusals on stderr. */
import { jobsRootFor } from '../../runs/default-root.ts';
import { prune, type PruneReport } from '../../prune/prune.ts';
import { escapeControl as e, tableWidth, textTable } from '../../util/terminal.ts';
import { withDatabase } from '../database.ts';
import type { PruneArgs } from '../prune.ts';
import { CommandError, EXIT } from '../../util/errors.ts';
import { progressBar } from '../progress.ts';

export async function run(args: PruneArgs): Promise<void> {
  const bar = progressBar('pruning', 'jobs', args.apply && process.stderr.isTTY === true);
  const report = await withDatabase(args['database-url'], async (db) =>
    prune(db.pool, {
      jobsRoot: await jobsRootFor(db.pool, args['jobs-root']),
      apply: args.apply,
      moveFilesTo: args['move-files-to'],
      jobId: args.job,
      onProgress: bar.update,
    }).finally(bar.stop),
  );
  process.stdout.write(args.apply ? formatApplied(report) : formatDryRun(report));
  const refused = report.plans.filter((p) => p.refusals.length > 0);
  for (const plan of refused)
    process.stderr.write(`jobmig: job ${e(plan.jobId)} not pruned: ${e(plan.refusals.join('; '))}\n`);
  if (args.apply && refused.length > 0)
    throw new CommandError(`${refused.length} job(s) not pruned`, { exitCode: EXIT.answeredNo });
}

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
  const table = textTable(['job', 'job state', 'candidate', 'key', 'reason'], rows, { width: tableWidth() });
  return (
    `${table}\n${rows.length} candidate(s) in ${report.plans.length} job(s);` +
    ' dry run: nothing changed (--apply to prune)\n'
  );
}

function formatApplied(report: PruneReport): string {
  const lines = report.pruned.map(
    (p) =>
      `${e(p.jobId)}: ${p.rounds.length} round(s), ${p.recordings.length} recording(s), ` +
      `${p.images.length} image(s), ` +
      `${p.artifacts.length} artifact row(s) removed; ${p.moved.length} file(s) moved`,
  );
  return `${lines.join('\n')}${lines.length ? '\n' : ''}${report.pruned.length} job(s) pruned\n`;
}
