/** `jobmig verify <jobs-root>`: the declaration; the work is in handlers/verify.ts. */
import { JOB_FOLDERS_READ_AT_ONCE } from '../util/read-defaults.ts';
import { type ArgsOf, defineCommand } from './command.ts';
import { databaseOptions, readOnlyOptions, wideOption } from './options.ts';

export const verifyCommand = defineCommand({
  command: 'verify <jobs-root>',
  describe:
    'Compare per-job counts on disk with the database and look for stored token copies; exit 1 when any',
  positionals: {
    'jobs-root': {
      type: 'string',
      demandOption: true,
      describe: 'folder holding the job folders',
    },
  },
  options: {
    ...databaseOptions,
    ...readOnlyOptions,
    ...wideOption,
    format: {
      type: 'string',
      choices: ['table', 'json'],
      default: 'table',
      describe: 'output format',
    },
    concurrency: { type: 'number', default: JOB_FOLDERS_READ_AT_ONCE, describe: 'job folders read at once' },
  },
});

export type VerifyArgs = ArgsOf<typeof verifyCommand>;
