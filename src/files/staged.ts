/**
 * Database first, files after: a write command stages its files beside their targets, writes its rows
 * in one transaction, and renames the files into place only once COMMIT succeeded. A refusal or failure
 * of the database (privilege, trigger, lost connection) removes the staged files, so the disk stays
 * byte for byte as it was.
 */
import type pg from 'pg';
import { CommandError, EXIT } from '../util/errors.ts';
import { transaction } from '../db/transaction.ts';
import type { JobsRoot, StagedFile } from './jobs-root.ts';

/** The rows are committed but some files could not be put in place; the message says how to repair. */
export class FilesAfterCommitError extends CommandError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.filesAfterCommit });
  }
}

export interface Stager {
  /** Stage `bytes` for `rel`; published after COMMIT, discarded on rollback. */
  stage(rel: string, bytes: Uint8Array): Promise<StagedFile>;
}

/**
 * Run `fn` in one transaction; then publish what it staged. `repair` names the command that rewrites
 * the files from the committed rows (e.g. `jobmig regenerate job_1`).
 */
export async function transactionThenFiles<T>(
  pool: pg.Pool,
  root: JobsRoot,
  repair: string,
  fn: (client: pg.PoolClient, files: Stager) => Promise<T>,
): Promise<T> {
  const staged: StagedFile[] = [];
  const stager: Stager = {
    stage: async (rel, bytes) => {
      const file = await root.stage(rel, bytes);
      staged.push(file);
      return file;
    },
  };
  let result: T;
  try {
    result = await transaction(pool, 'read write', (client) => fn(client, stager));
  } catch (err) {
    for (const file of staged) await file.discard();
    throw err;
  }
  await publishAll(staged, repair);
  return result;
}

async function publishAll(staged: readonly StagedFile[], repair: string): Promise<void> {
  const failed: string[] = [];
  for (const file of staged) {
    await file
      .publish()
      .catch((err: NodeJS.ErrnoException) => failed.push(`${file.rel} (${err.code ?? err.message})`));
  }
  if (failed.length > 0) {
    throw new FilesAfterCommitError(
      `the database has the new rows, but ${failed.join(', ')} could not be written:` +
        ` run ${repair} to write them`,
    );
  }
}
