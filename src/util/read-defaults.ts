/**
 * The defaults of reading a jobs root, declared once: `import`, `import --dry-run` and `verify` use
 * them, their CLI options show them, and docs/cli.md (generated from those options) quotes them.
 */

/** Job folders read at once (on the main thread; worker threads have their own window). */
export const JOB_FOLDERS_READ_AT_ONCE = 8;

/** Jobs per batch: one COPY and one transaction on import, one round of count queries on verify. */
export const JOBS_PER_BATCH = 200;
