/** Options several commands share; light (no database code), for the command descriptors. */
import type { Options, PositionalOptions } from 'yargs';

export const databaseOptions = {
  'database-url': {
    type: 'string',
    describe: 'PostgreSQL URL (default: $DATABASE_URL, else the embedded server under .jobmig/)',
  },
} satisfies Record<string, Options>;

/**
 * For commands that only read: read-only sessions, never a migration (a guarantee; a SELECT-only role needs
 * no flag).
 */
export const readOnlyOptions = {
  'read-only': {
    type: 'boolean',
    default: false,
    describe:
      'read-only sessions (default_transaction_read_only),' +
      ' never a schema migration (a SELECT-only role needs no flag)',
  },
} satisfies Record<string, Options>;

/** Text tables fit the terminal unless --wide (every value whole); data formats are always whole. */
export const wideOption = {
  wide: {
    type: 'boolean',
    default: false,
    describe: 'text tables: every value whole, not fitted to the terminal width',
  },
} satisfies Record<string, Options>;

export const jobsRootOption = {
  'jobs-root': {
    type: 'string',
    describe: 'the legacy jobs root (default: the root of the latest import run)',
  },
} satisfies Record<string, Options>;

/** The `<job-id>` positional of the commands that act on one archived job. */
export const jobIdPositional = {
  'job-id': { type: 'string', demandOption: true, describe: 'the job folder name' },
} satisfies Record<string, PositionalOptions>;
