/** `jobmig import <root>`: the descriptor; the work is in handlers/import.ts. */
import { lazyCommand } from './command.ts';
import { databaseOptions, wideOption } from './options.ts';
import type { ImportArgs } from './handlers/import.ts';

export const importCommand = lazyCommand<ImportArgs>({
  command: 'import <root>',
  describe: 'Import (or re-import) a legacy storage root or job store into PostgreSQL',
  builder: (y) =>
    y
      .positional('root', {
        type: 'string',
        demandOption: true,
        describe: 'a storage root (holding jobs/, security/, profiles/) or a folder holding the job folders',
      })
      .options({
        ...databaseOptions,
        ...wideOption,
        json: { type: 'boolean', default: false, describe: 'print the summary as JSON' },
        concurrency: { type: 'number', default: 8, describe: 'job folders read at once' },
        threads: {
          type: 'number',
          describe:
            'worker threads reading job folders (0: none;' +
            ' default: up to 4 by cores when 300+ folders are new or --full, else 0)',
        },
        'batch-size': {
          type: 'number',
          default: 200,
          describe: 'jobs per COPY batch (one transaction each)',
        },
        full: { type: 'boolean', default: false, describe: 're-read every job folder, even unchanged ones' },
        job: { type: 'string', array: true, describe: 'limit the run to this job folder (repeatable)' },
        wait: {
          type: 'boolean',
          default: false,
          describe: 'wait for another running import instead of exiting',
        },
        shard: {
          type: 'string',
          describe: 'import only shard K of N (job folder names hashed), e.g. 1/4; shards run together',
        },
        'dry-run': {
          type: 'boolean',
          default: false,
          describe: 'say what a run would insert, update and delete, and which folders; write nothing',
        },
        watch: {
          type: 'boolean',
          default: false,
          describe: 'import again every --interval seconds until SIGINT or SIGTERM',
        },
        interval: {
          type: 'number',
          default: 30,
          describe: '--watch: seconds between the end of a pass and the next',
        },
      })
      .check((a) => {
        if (a['dry-run'] && a.watch) throw new Error('--dry-run and --watch do not go together');
        if (!(Number(a.interval) > 0)) throw new Error('--interval must be a number of seconds above 0');
        return true;
      }) as never,
  load: () => import('./handlers/import.ts'),
});
