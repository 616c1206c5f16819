/**
 * What `jobmig review` does: open the database (migrations applied unless --no-migrate), find the jobs
 * root, start the server, print its address first on stdout, and on SIGINT or SIGTERM stop it and
 * close the database.
 */
import { openDatabase } from '../db/connection.ts';
import { prepareSchema, SCHEMA_DIR } from '../db/migrate.ts';
import { redactUrl } from '../db/redact.ts';
import { jobsRootFor } from '../runs/default-root.ts';
import { startReviewServer } from './server.ts';

export interface RunReviewOptions {
  databaseUrl?: string;
  port?: number;
  jobsRoot?: string;
  reviewer?: string;
}

export async function runReview(opts: RunReviewOptions): Promise<void> {
  const db = await openDatabase({ databaseUrl: opts.databaseUrl, log: () => {} });
  try {
    await prepareSchema(db.pool, SCHEMA_DIR);
    const jobsRoot = await jobsRootFor(db.pool, opts.jobsRoot).catch(() => null);
    const server = await startReviewServer({
      pool: db.pool,
      jobsRoot,
      port: opts.port,
      reviewer: opts.reviewer,
    });
    process.stdout.write(`${server.url}\n`);
    process.stderr.write(
      `jobmig review: findings of ${redactUrl(db.url)}, files from ${jobsRoot ?? '(no jobs root)'}; ` +
        'Ctrl-C stops it\n',
    );
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    await server.close();
    process.stderr.write(`jobmig review: stopped (${signal})\n`);
  } finally {
    await db.close();
  }
}
