/** `jobmig prune`: the declaration; the work is in handlers/prune.ts. */
import { type ArgsOf, defineCommand } from './command.ts';
import { databaseOptions, jobsRootOption } from './options.ts';

export const pruneCommand = defineCommand({
  command: 'prune',
  describe: 'List (default) or remove what the Retention rules allow to prune from archived jobs',
  positionals: {},
  options: {
    ...databaseOptions,
    ...jobsRootOption,
    apply: { type: 'boolean', default: false, describe: 'remove the candidates (one transaction per job)' },
    'move-files-to': {
      type: 'string',
      describe: 'with --apply: move pruned files here (same relative paths)',
    },
    job: { type: 'string', describe: 'only this job' },
  },
});

export type PruneArgs = ArgsOf<typeof pruneCommand>;
