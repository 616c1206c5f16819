/** How the CLI ends on an error: one line on stderr, the exit code the error carries (util/errors.ts). */
import { describeError } from '../db/connection.ts';
import { exitCodeOf } from '../util/errors.ts';

/** Exit non-zero with a one-line reason: the CLI never ends in a stack trace. */
export function failAndExit(err: unknown): never {
  const urls = [process.env.DATABASE_URL, ...process.argv].filter((s): s is string => !!s && /:\/\//.test(s));
  process.stderr.write(`jobmig: ${describeError(err, urls)}\n`);
  if (process.env.JOBMIG_DEBUG) console.error(err);
  process.exit(exitCodeOf(err));
}
