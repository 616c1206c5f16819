/** Options several commands share; light (no database code), for the command descriptors. */
import type { Options } from 'yargs';

export const databaseOptions = {
  'database-url': {
    type: 'string',
    describe: 'PostgreSQL URL (default: $DATABASE_URL, else the embedded server under .jobmig/)',
  },
} satisfies Record<string, Options>;

/** For commands that only read: connect read-only and leave the schema alone (a SELECT-only role suffices). */
export const readOnlyOptions = {
  'read-only': {
    type: 'boolean',
    default: false,
    describe:
      'read-only sessions (default_transaction_read_only), no schema migrations: works with a SELECT-only role',
  },
} satisfies Record<string, Options>;

export const jobsRootOption = {
  'jobs-root': {
    type: 'string',
    describe: 'the legacy jobs root (default: the root of the latest import run)',
  },
} satisfies Record<string, Options>;
