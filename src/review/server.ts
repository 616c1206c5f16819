/**
 * Starting and stopping the review server: it listens on 127.0.0.1 only (a free port unless one is
 * given), makes the per-start secrets, and gives back the URL with the token. Closing stops new
 * requests, ends open connections and leaves the database pool to its owner.
 */
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type pg from 'pg';
import { JobsRoot } from '../files/jobs-root.ts';
import { reviewApp } from './app.ts';
import { newSecrets } from './auth.ts';

export const REVIEW_HOST = '127.0.0.1';

export interface ReviewServerOptions {
  pool: pg.Pool;
  /** Where artifact files are read; null or missing: pages show no file contents. */
  jobsRoot: string | null;
  port?: number;
  reviewer?: string | null;
  log?: (line: string) => void;
}

export interface ReviewServer {
  /** http://127.0.0.1:PORT/?token=... */
  url: string;
  port: number;
  address(): AddressInfo;
  close(): Promise<void>;
}

async function openRoot(dir: string | null, log: (line: string) => void): Promise<JobsRoot | null> {
  if (dir === null) return null;
  return JobsRoot.open(dir).catch((err: Error) => {
    log(`jobmig review: ${err.message}: files will not be shown`);
    return null;
  });
}

export async function startReviewServer(opts: ReviewServerOptions): Promise<ReviewServer> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = newSecrets();
  let port = 0;
  const root = await openRoot(opts.jobsRoot, log);
  const app = reviewApp({
    pool: opts.pool,
    root,
    reviewer: opts.reviewer ?? null,
    secrets,
    port: () => port,
    log,
  });
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${opts.port} is in use on ${REVIEW_HOST}`) : err),
    );
    server.listen(opts.port ?? 0, REVIEW_HOST, () => resolve());
  });
  const address = (): AddressInfo => server.address() as AddressInfo;
  port = address().port;
  return {
    url: `http://${REVIEW_HOST}:${port}/?token=${secrets.token}`,
    port,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
