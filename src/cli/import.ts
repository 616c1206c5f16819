/** `jobmig import <root>`: the declaration; the work is in handlers/import.ts. */
import { JOB_FOLDERS_READ_AT_ONCE, JOBS_PER_BATCH } from '../util/read-defaults.ts';
import { type ArgsOf, defineCommand } from './command.ts';
import { databaseOptions, wideOption } from './options.ts';
import { LOG_FORMATS } from './log.ts';

export const importCommand = defineCommand({
  command: 'import <root>',
  describe: 'Import (or re-import) a legacy storage root or job store into PostgreSQL',
  positionals: {
    root: {
      type: 'string',
      demandOption: true,
      describe: 'a storage root (holding jobs/, security/, profiles/) or a folder holding the job folders',
    },
  },
  options: {
    ...databaseOptions,
    ...wideOption,
    json: { type: 'boolean', default: false, describe: 'print the summary as JSON' },
    concurrency: { type: 'number', default: JOB_FOLDERS_READ_AT_ONCE, describe: 'job folders read at once' },
    threads: {
      type: 'number',
      describe:
        'worker threads reading job folders (0: none;' +
        ' default: up to 4 by cores when 300+ folders are new or --full, else 0)',
    },
    'batch-size': {
      type: 'number',
      default: JOBS_PER_BATCH,
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
    'metrics-port': {
      type: 'number',
      describe: '--watch: serve Prometheus metrics on http://127.0.0.1:N/metrics (0: any free port)',
    },
    'log-format': {
      type: 'string',
      choices: LOG_FORMATS,
      default: 'text',
      describe: '--watch: stderr as human text, or one JSON object per line (json) for log shippers',
    },
  },
  check: (a) => {
    if (a['dry-run'] && a.watch) throw new Error('--dry-run and --watch do not go together');
    if (!(a.interval > 0)) throw new Error('--interval must be a number of seconds above 0');
    const port = a['metrics-port'];
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
      throw new Error('--metrics-port must be a port number (0 to 65535)');
    if (!a.watch && (port !== undefined || a['log-format'] !== 'text'))
      throw new Error('--metrics-port and --log-format go with --watch');
  },
});

export type ImportArgs = ArgsOf<typeof importCommand>;
