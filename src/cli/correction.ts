/** `jobmig correction set`: the descriptor; the work is in handlers/correction.ts. */
import { lazyCommand } from './command.ts';
import { databaseOptions, jobsRootOption } from './options.ts';
import type { CorrectionArgs } from './handlers/correction.ts';

export const correctionCommand = lazyCommand<CorrectionArgs>({
  command: 'correction <action> <job-id> <payload>',
  describe: 'Write a new current correction for an archived job, then regenerate its outputs',
  builder: (y) =>
    y
      .positional('action', { choices: ['set'] as const, demandOption: true })
      .positional('job-id', { type: 'string', demandOption: true, describe: 'the job folder name' })
      .positional('payload', {
        type: 'string',
        demandOption: true,
        describe: 'JSON file in the final_correction.json shape',
      })
      .options({ ...databaseOptions, ...jobsRootOption }) as never,
  load: () => import('./handlers/correction.ts'),
});
