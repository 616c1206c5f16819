import { describeError } from '../db/connection.ts';

/** Exit non-zero with a one-line reason: the CLI never ends in a stack trace. */
export function failAndExit(err: unknown): never {
  const urls = [process.env.DATABASE_URL, ...process.argv].filter((s): s is string => !!s && /:\/\//.test(s));
  process.stderr.write(`jobmig: ${describeError(err, urls)}\n`);
  if (process.env.JOBMIG_DEBUG) console.error(err);
  process.exit(
    err instanceof Error && 'exitCode' in err && typeof err.exitCode === 'number' ? err.exitCode : 2,
  );
}
