/** `jobmig regenerate`: rebuilds letters and GeoJSON, prints one line per job. */
import { jobsRootFor } from '../../runs/default-root.ts';
import { regenerateJobs, type RegenerateResult } from '../../job-outputs/regenerate.ts';
import { withDatabase } from '../database.ts';
import type { RegenerateArgs } from '../regenerate.ts';
import { escapeControl as e } from '../../util/terminal.ts';
import { progressBar } from '../progress.ts';

export async function run(args: RegenerateArgs): Promise<void> {
  const bar = progressBar('regenerating', 'jobs');
  const results = await withDatabase(args['database-url'], async (db) =>
    regenerateJobs(db.pool, await jobsRootFor(db.pool, args['jobs-root']), args.all ? null : args.jobs, {
      outDir: args.out,
      onProgress: bar.update,
    }).finally(bar.stop),
  );
  process.stdout.write(formatResults(results));
}

export function formatResults(results: readonly RegenerateResult[]): string {
  const lines = results.flatMap((r) => [
    `${e(r.jobId)} (${r.snapshot}): ${r.files.map((f) => `${e(f.path)} ${f.size} bytes`).join(', ')}`,
    ...r.notes.map((n) => `  note: ${e(n)}`),
  ]);
  return `${lines.join('\n')}\n${results.length} job(s) regenerated\n`;
}
