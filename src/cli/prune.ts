/** `jobmig prune`: the descriptor; the work is in handlers/prune.ts. */
import { lazyCommand } from './command.ts';
import { databaseOptions, jobsRootOption } from './options.ts';
import type { PruneArgs } from './handlers/prune.ts';

export const pruneCommand = lazyCommand<PruneArgs>({
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
  load: () => import('./handlers/prune.ts'),
});
