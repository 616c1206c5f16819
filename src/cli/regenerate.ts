import type { CommandModule, Options } from 'yargs';
import { jobsRootFor } from '../files/default-root.ts';
import { regenerateJobs, type RegenerateResult } from '../outputs/regenerate.ts';
import { databaseOptions, withDatabase } from './database.ts';

export const jobsRootOption = {
  'jobs-root': {
    type: 'string',
    describe: 'the legacy jobs root (default: the root of the latest import run)',
  },
} satisfies Record<string, Options>;

interface RegenerateArgs {
  jobs: string[];
  all: boolean;
  out?: string;
  'jobs-root'?: string;
  'database-url'?: string;
}

export const regenerateCommand: CommandModule<object, RegenerateArgs> = {
  command: 'regenerate [jobs..]',
  describe: 'Regenerate report letter PDF/DOCX and GeoJSON from the current final or correction',
  builder: (y) =>
    y
      .positional('jobs', { type: 'string', array: true, default: [], describe: 'job ids (folder names)' })
      .options({
        ...databaseOptions,
        ...jobsRootOption,
        all: { type: 'boolean', default: false, describe: 'every job with a final or correction' },
        out: {
          type: 'string',
          describe: 'write into DIR/<job_id>/ instead, changing nothing in the database',
        },
      })
      .check((a) => {
        const named = (a.jobs as string[]).length > 0;
        if (named === a.all) throw new Error('name job ids or pass --all (not both)');
        return true;
      }) as never,
  handler: async (args) => {
    const results = await withDatabase(args['database-url'], async (db) =>
      regenerateJobs(db.pool, await jobsRootFor(db.pool, args['jobs-root']), args.all ? null : args.jobs, {
        outDir: args.out,
      }),
    );
    process.stdout.write(formatResults(results));
  },
};

export function formatResults(results: readonly RegenerateResult[]): string {
  const lines = results.flatMap((r) => [
    `${r.jobId} (${r.snapshot}): ${r.files.map((f) => `${f.path} ${f.size} bytes`).join(', ')}`,
    ...r.notes.map((n) => `  note: ${n}`),
  ]);
  return `${lines.join('\n')}\n${results.length} job(s) regenerated\n`;
}
