/** Errors shared by the commands, kept low so any layer may throw them without importing a command. */

/**
 * A command's exit codes, the same for every command: it did what was asked; it ran, and the answer
 * is no (no such run or finding, differences found, a job refused); it could not run; the database
 * committed but a file could not be put in place (a write command says how to repair it).
 */
export const EXIT = { done: 0, answeredNo: 1, couldNotRun: 2, filesAfterCommit: 3 } as const;
type ExitCode = 1 | 2 | 3;

/**
 * The one way a command ends non-zero: throw this (or a subclass); the CLI prints its message as the
 * one line on stderr and exits with its code. An error of any other kind exits EXIT.couldNotRun.
 */
export class CommandError extends Error {
  readonly exitCode: ExitCode;

  constructor(message: string, options: ErrorOptions & { exitCode?: ExitCode } = {}) {
    super(message, options);
    this.exitCode = options.exitCode ?? EXIT.couldNotRun;
  }
}

/** A problem with how the run was asked for (not with the data): exit 2 with this message. */
export class UsageError extends CommandError {}

/** The exit code an error ends the command with. */
export function exitCodeOf(err: unknown): number {
  return err instanceof CommandError ? err.exitCode : EXIT.couldNotRun;
}
