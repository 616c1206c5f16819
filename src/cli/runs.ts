/** `jobmig runs list|show`: what each import run was asked to do and what it changed. */
import type { Argv, CommandModule } from 'yargs';
import { databaseOptions, withDatabase } from './database.ts';

interface RunsArgs {
  action: 'list' | 'show';
  run?: string;
  limit?: number;
  json: boolean;
  'database-url'?: string;
}

export const runsCommand: CommandModule<object, RunsArgs> = {
  command: 'runs <action> [run]',
  describe: 'Import runs: list them, or show one (what it added, changed, marked gone, found)',
  builder: (y: Argv) =>
    y
      .positional('action', { choices: ['list', 'show'] as const, demandOption: true })
      .positional('run', { type: 'string', describe: 'show: a run id, or latest' })
      .options({
        ...databaseOptions,
        limit: { type: 'number', describe: 'list: the newest N runs (default: all)' },
        json: { type: 'boolean', default: false, describe: 'print JSON' },
      })
      .check((a) => {
        if (a.action === 'show' && !/^(latest|[1-9]\d{0,17})$/.test(String(a.run ?? '')))
          throw new Error('runs show needs a run id or latest');
        return true;
      }) as never,
  handler: async (args) => {
    const { listRuns, showRun } = await import('../runs/read.ts');
    const { formatRunList, formatRunDetail } = await import('./runs-format.ts');
    const output = await withDatabase(args['database-url'], async (db) => {
      if (args.action === 'list') {
        const runs = await listRuns(db.pool, args.limit ?? null);
        return args.json ? JSON.stringify(runs, null, 2) : formatRunList(runs);
      }
      const run = await showRun(db.pool, args.run === 'latest' ? 'latest' : Number(args.run));
      if (!run) {
        const what = args.run === 'latest' ? 'no import run yet' : `no import run ${args.run}`;
        throw Object.assign(new Error(what), { exitCode: 1 });
      }
      return args.json ? JSON.stringify(run, null, 2) : formatRunDetail(run);
    });
    process.stdout.write(`${output}\n`);
  },
};
