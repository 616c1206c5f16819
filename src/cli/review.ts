/**
 * `jobmig review`: serves the review web app on a loopback address of its own until SIGINT or
 * SIGTERM. The first line on stdout is the address with this start's token. The app's modules are
 * loaded only when it runs.
 */
import { type ArgsOf, defineCommand } from './command.ts';
import { databaseOptions } from './options.ts';

export const reviewCommand = defineCommand({
  command: 'review',
  describe: 'Serve the review web app on a loopback address of its own: findings, jobs, decisions',
  positionals: {},
  options: {
    ...databaseOptions,
    port: { type: 'number', describe: 'port on its loopback address (default: a free one)' },
    'jobs-root': {
      type: 'string',
      describe: "where the job folders are (default: the latest import run's root)",
    },
    reviewer: {
      type: 'string',
      describe: 'record every decision as this reviewer (default: the page asks)',
    },
  },
  check: (a) => {
    if (a.port !== undefined && !(Number.isInteger(a.port) && a.port >= 1 && a.port <= 65535))
      throw new Error(`--port ${a.port} is not a port number (1-65535)`);
    if (a.reviewer !== undefined && !/^[^\p{Cc}]{1,100}$/u.test(a.reviewer.trim()))
      throw new Error('--reviewer must be 1 to 100 characters, no control characters');
  },
});

export type ReviewArgs = ArgsOf<typeof reviewCommand>;
