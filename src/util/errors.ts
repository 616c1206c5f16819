/** Errors shared by the commands, kept low so any layer may throw them without importing a command. */

/** A problem with how the run was asked for (not with the data): exit non-zero with this message. */
export class UsageError extends Error {}
