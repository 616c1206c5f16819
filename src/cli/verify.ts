/** `jobmig verify <jobs-root>`: the descriptor; the work is in handlers/verify.ts. */
import { lazyCommand } from './command.ts';
import { databaseOptions, readOnlyOptions, wideOption } from './options.ts';
import type { VerifyArgs } from './handlers/verify.ts';

export const verifyCommand = lazyCommand<VerifyArgs>({
  command: 'verify <jobs-root>',
  describe:
    'Compare per-job counts on disk with the database and look for stored token copies; exit 1 when any',
  builder: (y) =>
    y
      .positional('jobs-root', {
        type: 'string',
        demandOption: true,
        describe: 'folder holding the job folders',
      })
      .options({
        ...databaseOptions,
        ...readOnlyOptions,
        ...wideOption,
        format: {
          type: 'string',
          choices: ['table', 'json'] as const,
          default: 'table' as const,
          describe: 'output format',
        },
        concurrency: { type: 'number', default: 8, describe: 'job folders read at once' },
      }) as never,
  load: () => import('./handlers/verify.ts'),
});
