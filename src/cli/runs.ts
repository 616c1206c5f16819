/** `jobmig runs list|show`: the declaration; the work is in handlers/runs.ts. */
import { type ArgsOf, defineCommand } from './command.ts';
import { databaseOptions, wideOption } from './options.ts';

export const runsCommand = defineCommand({
  command: 'runs <action> [run]',
  describe: 'Import runs: list them, or show one (what it added, changed, marked gone, found)',
  positionals: {
    action: { choices: ['list', 'show'], demandOption: true },
    run: { type: 'string', describe: 'show: a run id, or latest' },
  },
  options: {
    ...databaseOptions,
    ...wideOption,
    limit: { type: 'number', describe: 'list: the newest N runs (default: all)' },
    json: { type: 'boolean', default: false, describe: 'print JSON' },
  },
  check: (a) => {
    if (a.action === 'show' && !/^(latest|[1-9]\d{0,17})$/.test(String(a.run ?? '')))
      throw new Error('runs show needs a run id or latest');
  },
});

export type RunsArgs = ArgsOf<typeof runsCommand>;
