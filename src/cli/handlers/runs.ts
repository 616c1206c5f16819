/** `jobmig runs`: lists import runs or shows one; prints text or JSON. */
import { listRuns, showRun } from '../../runs/read.ts';
import { withDatabase } from '../database.ts';
import { tableWidth } from '../../util/terminal.ts';
import { formatRunDetail, formatRunList } from '../runs-format.ts';
import type { RunsArgs } from '../runs.ts';
import { CommandError, EXIT } from '../../util/errors.ts';

export async function run(args: RunsArgs): Promise<void> {
  const output = await withDatabase(args['database-url'], async (db) => {
    if (args.action === 'list') {
      const runs = await listRuns(db.pool, args.limit ?? null);
      return args.json ? JSON.stringify(runs, null, 2) : formatRunList(runs, tableWidth(args.wide));
    }
    const found = await showRun(db.pool, args.run === 'latest' ? 'latest' : Number(args.run));
    if (!found) {
      const what = args.run === 'latest' ? 'no import run yet' : `no import run ${args.run}`;
      throw new CommandError(what, { exitCode: EXIT.answeredNo });
    }
    return args.json ? JSON.stringify(found, null, 2) : formatRunDetail(found, tableWidth(args.wide));
  });
  process.stdout.write(`${output}\n`);
}
