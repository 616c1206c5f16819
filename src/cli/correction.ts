import type { CommandModule } from 'yargs';
import { setCorrection } from '../corrections/set-correction.ts';
import { jobsRootFor } from '../files/default-root.ts';
import { databaseOptions, withDatabase } from './database.ts';
import { formatResults, jobsRootOption } from './regenerate.ts';

interface CorrectionArgs {
  action: 'set';
  'job-id': string;
  payload: string;
  'jobs-root'?: string;
  'database-url'?: string;
}

export const correctionCommand: CommandModule<object, CorrectionArgs> = {
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
  handler: async (args) => {
    const result = await withDatabase(args['database-url'], async (db) =>
      setCorrection(db.pool, await jobsRootFor(db.pool, args['jobs-root']), args['job-id'], args.payload),
    );
    const what = result.changed
      ? `${result.path} written (sha256 ${result.sha256}${result.previousSha256 ? `, replaces ${result.previousSha256}` : ', first correction'})`
      : `${result.path} unchanged (sha256 ${result.sha256})`;
    process.stdout.write(`${what}\n${formatResults(result.regenerated)}`);
  },
};
