/** `jobmig runs list|show`: the descriptor; the work is in handlers/runs.ts. */
import type { Argv } from 'yargs';
import { lazyCommand } from './command.ts';
import type { RunsArgs } from './handlers/runs.ts';
import { databaseOptions, wideOption } from './options.ts';

export const runsCommand = lazyCommand<RunsArgs>({
  command: 'runs <action> [run]',
  describe: 'Import runs: list them, or show one (what it added, changed, marked gone, found)',
  builder: (y: Argv) =>
    y
      .positional('action', { choices: ['list', 'show'] as const, demandOption: true })
      .positional('run', { type: 'string', describe: 'show: a run id, or latest' })
      .options({
        ...databaseOptions,
        ...wideOption,
        limit: { type: 'number', describe: 'list: the newest N runs (default: all)' },
        json: { type: 'boolean', default: false, describe: 'print JSON' },
      })
      .check((a) => {
        if (a.action === 'show' && !/^(latest|[1-9]\d{0,17})$/.test(String(a.run ?? '')))
          throw new Error('runs show needs a run id or latest');
        return true;
      }) as never,
  load: () => import('./handlers/runs.ts'),
});
