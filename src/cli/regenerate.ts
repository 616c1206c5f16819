/** `jobmig regenerate`: the declaration; the work (pdfkit, docx) is in handlers/regenerate.ts. */
import { type ArgsOf, defineCommand } from './command.ts';
import { databaseOptions, jobsRootOption } from './options.ts';

export const regenerateCommand = defineCommand({
  command: 'regenerate [jobs..]',
  describe: 'Regenerate report letter PDF/DOCX and GeoJSON from the current final or correction',
  positionals: {
    jobs: { type: 'string', array: true, default: [], describe: 'job ids (folder names)' },
  },
  options: {
    ...databaseOptions,
    ...jobsRootOption,
    all: { type: 'boolean', default: false, describe: 'every job with a final or correction' },
    out: {
      type: 'string',
      describe: 'write into DIR/<job_id>/ instead, changing nothing in the database',
    },
  },
  check: (a) => {
    if (a.jobs.length > 0 === a.all) throw new Error('name job ids or pass --all (not both)');
  },
});

export type RegenerateArgs = ArgsOf<typeof regenerateCommand>;
