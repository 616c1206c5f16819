/**
 * Starting and stopping the review server: it listens on a loopback address of its own, a random one
 * in 127.0.0.0/8 other than 127.0.0.1 (browsers share cookies between servers of one host whatever
 * their port), falling back to 127.0.0.1 only where the system refuses it; a free port unless one is
 * given. It makes the per-start secrets and gives back the URL with the token. Closing stops new
 * requests, ends open connections and leaves the database pool to its owner.
 */
import { randomInt } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type pg from 'pg';
import { JobsRoot } from '../files/jobs-root.ts';
import { reviewApp } from './app.ts';
import { newSecrets } from './auth.ts';

/** Where the server falls back to when the system offers no other loopback address (e.g. macOS). */
export const FALLBACK_HOST = '127.0.0.1';
/** Random addresses tried before falling back (one may be taken on that port). */
const ADDRESS_ATTEMPTS = 5;

/** A random 127.a.b.c that is not 127.0.0.1 (and not a .0 or .255 host). */
export function randomLoopback(): string {
  return `127.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(2, 255)}`;
}

export interface ReviewServerOptions {
  pool: pg.Pool;
  /** Where artifact files are read; null or missing: pages show no file contents. */
  jobsRoot: string | null;
  port?: number;
  reviewer?: string | null;
  log?: (line: string) => void;
}

export interface ReviewServer {
  /** http://127.a.b.c:PORT/?token=... */
  url: string;
  /** The loopback address it listens on. */
  host: string;
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
  let origin = '';
  let port = 0;
  const root = await openRoot(opts.jobsRoot, log);
  const app = reviewApp({
    pool: opts.pool,
    root,
    reviewer: opts.reviewer ?? null,
    secrets,
    port: () => port,
    origin: () => origin,
    log,
  });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  const host = await listenOnOwnLoopback(server, opts.port, log);
  const address = (): AddressInfo => server.address() as AddressInfo;
  port = address().port;
  origin = `http://${host}:${port}`;
  return {
    url: `${origin}/?token=${secrets.token}`,
    host,
    port,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Listens on a random loopback address; on 127.0.0.1, said aloud, where the system refuses those.
 * `pick` chooses the addresses to try (a test gives one the system refuses).
 */
export async function listenOnOwnLoopback(
  server: Server,
  port: number | undefined,
  log: (line: string) => void,
  pick: () => string = randomLoopback,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const host = attempt <= ADDRESS_ATTEMPTS ? pick() : FALLBACK_HOST;
    try {
      await listen(server, port, host);
      return host;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (host === FALLBACK_HOST || (code !== 'EADDRNOTAVAIL' && code !== 'EADDRINUSE')) throw err;
      if (code === 'EADDRNOTAVAIL') {
        log(
          `jobmig review: this system refuses loopback addresses other than ${FALLBACK_HOST}` +
            ` (${code}): serving on ${FALLBACK_HOST}, whose cookies other local web servers can read`,
        );
        attempt = ADDRESS_ATTEMPTS;
      }
    }
  }
}

function listen(server: Server, port: number | undefined, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE' && port
          ? Object.assign(new Error(`port ${port} is in use on ${host}`), { code: err.code })
          : err,
      );
    server.once('error', onError);
    server.listen(port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
