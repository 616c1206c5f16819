/** `jobmig regenerate`: rebuilds letters and GeoJSON, prints one line per job. */
import { jobsRootFor } from '../../runs/default-root.ts';
import { regenerateJobs, type RegenerateResult } from '../../job-outputs/regenerate.ts';
import { withDatabase } from '../database.ts';
import type { RegenerateArgs } from '../regenerate.ts';

export async function run(args: RegenerateArgs): Promise<void> {
  const results = await withDatabase(args['database-url'], async (db) =>
    regenerateJobs(db.pool, await jobsRootFor(db.pool, args['jobs-root']), args.all ? null : args.jobs, {
      outDir: args.out,
    }),
  );
  process.stdout.write(formatResults(results));
}

export function formatResults(results: readonly RegenerateResult[]): string {
  const lines = results.flatMap((r) => [
    `${r.jobId} (${r.snapshot}): ${r.files.map((f) => `${f.path} ${f.size} bytes`).join(', ')}`,
    ...r.notes.map((n) => `  note: ${n}`),
  ]);
  return `${lines.join('\n')}\n${results.length} job(s) regenerated\n`;
}
