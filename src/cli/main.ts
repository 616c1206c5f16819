/** The `jobmig` command line: one yargs command per file in this folder. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { correctionCommand } from './correction.ts';
import { findingsCommand } from './findings.ts';
import { importCommand } from './import.ts';
import { queryCommand } from './query.ts';
import { verifyCommand } from './verify.ts';
import { reportCommand } from './report.ts';
import { failAndExit } from './failure.ts';
import { pruneCommand } from './prune.ts';
import { regenerateCommand } from './regenerate.ts';
import { runsCommand } from './runs.ts';

await yargs(hideBin(process.argv))
  .scriptName('jobmig')
  .command(importCommand)
  .command(findingsCommand)
  .command(queryCommand)
  .command(verifyCommand)
  .command(reportCommand)
  .command(correctionCommand)
  .command(regenerateCommand)
  .command(pruneCommand)
  .command(runsCommand)
  .demandCommand(1, 'name a command: jobmig <command> --help')
  .strict()
  .help()
  .fail((message, err) => failAndExit(err ?? new Error(message)))
  .parseAsync()
  .catch(failAndExit);
