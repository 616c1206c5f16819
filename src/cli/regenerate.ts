/** `jobmig regenerate`: the descriptor; the work (pdfkit, docx) is in handlers/regenerate.ts. */
import { lazyCommand } from './command.ts';
import { databaseOptions, jobsRootOption } from './options.ts';
import type { RegenerateArgs } from './handlers/regenerate.ts';

export const regenerateCommand = lazyCommand<RegenerateArgs>({
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
  load: () => import('./handlers/regenerate.ts'),
});
