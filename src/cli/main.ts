/**
 * The `jobmig` command line. Each command is a light descriptor (`src/cli/<name>.ts`, built with
 * lazyCommand) whose handler module (`src/cli/handlers/<name>.ts`) is imported only when it runs.
 * To add a command: write both files and add the descriptor to COMMANDS.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { correctionCommand } from './correction.ts';
import { findingsCommand } from './findings.ts';
import { importCommand } from './import.ts';
import { pruneCommand } from './prune.ts';
import { queryCommand } from './query.ts';
import { regenerateCommand } from './regenerate.ts';
import { reportCommand } from './report.ts';
import { verifyCommand } from './verify.ts';

const COMMANDS = [
  importCommand,
  findingsCommand,
  queryCommand,
  verifyCommand,
  reportCommand,
  correctionCommand,
  regenerateCommand,
  pruneCommand,
];

/** The failure path loads the database error helpers only when something failed. */
async function fail(err: unknown): Promise<never> {
  const { failAndExit } = await import('./failure.ts');
  return failAndExit(err);
}

const cli = yargs(hideBin(process.argv)).scriptName('jobmig');
for (const command of COMMANDS) cli.command(command as never);
await cli
  .demandCommand(1, 'name a command: jobmig <command> --help')
  .strict()
  .help()
  .fail((message, err) => void fail(err ?? new Error(message)))
  .parseAsync()
  .catch(fail);
