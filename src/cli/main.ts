/**
 * The `jobmig` command line. Commands are registered in commands.ts as light descriptors; a command's
 * handler module is imported only when it runs. The top-level `--help` needs no argument parser, so
 * it is printed without loading yargs (help.ts).
 */
import { COMMANDS } from './commands.ts';
import { asksTopLevelHelp, NO_MIGRATE, topLevelHelp } from './help.ts';

/** The failure path loads the database error helpers only when something failed. */
async function fail(err: unknown): Promise<never> {
  const { failAndExit } = await import('./failure.ts');
  return failAndExit(err);
}

const args = process.argv.slice(2);
if (asksTopLevelHelp(args)) {
  process.stdout.write(topLevelHelp(COMMANDS, Math.min(process.stdout.columns ?? 80, 100)));
} else {
  const { default: yargs } = await import('yargs');
  const cli = yargs(args).scriptName('jobmig');
  for (const command of COMMANDS) cli.command(command);
  await cli
    .option(NO_MIGRATE.name, NO_MIGRATE.option)
    // The policy travels as JOBMIG_MIGRATE, the one place db/migrate.ts reads it from.
    .middleware((argv) => {
      if (argv.migrate === false) process.env.JOBMIG_MIGRATE = 'never';
    })
    .completion('completion', 'Print a bash/zsh completion script (source it from your shell profile)')
    .demandCommand(1, 'name a command: jobmig <command> --help')
    .strict()
    .help()
    .fail((message, err) => void fail(err ?? new Error(message)))
    .parseAsync()
    .catch(fail);
}
