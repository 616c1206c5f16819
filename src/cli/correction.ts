/** `jobmig correction set`: the declaration; the work is in handlers/correction.ts. */
import { type ArgsOf, defineCommand } from './command.ts';
import { databaseOptions, jobIdPositional, jobsRootOption } from './options.ts';

export const correctionCommand = defineCommand({
  command: 'correction <action> <job-id> <payload>',
  describe: 'Write a new current correction for an archived job, then regenerate its outputs',
  positionals: {
    action: { choices: ['set'], demandOption: true },
    ...jobIdPositional,
    payload: {
      type: 'string',
      demandOption: true,
      describe: 'JSON file in the final_correction.json shape',
    },
  },
  options: { ...databaseOptions, ...jobsRootOption },
});

export type CorrectionArgs = ArgsOf<typeof correctionCommand>;
