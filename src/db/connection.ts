import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { EmbeddedServer } from './embedded.ts';
import { redactSecrets, redactUrl } from './redact.ts';

export const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const EMBEDDED_DATABASE = 'jobmig';
const CONNECT_TIMEOUT_MS = 10_000;
// Sent in the startup packet, so it holds from the first statement of every pooled session.
const READ_ONLY_SESSION = '-c default_transaction_read_only=on';

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  env?: NodeJS.ProcessEnv;
  /** The embedded server's data goes to `<projectDir>/.jobmig/pgdata`; default: defaultHome()/pgdata. */
  projectDir?: string;
  log?: (s: string) => void;
  /** Every session of the pool starts with default_transaction_read_only on: no statement can write. */
  readOnly?: boolean;
}

export interface Database {
  url: string;
  pool: pg.Pool;
  /** True when the embedded server is used (whether or not this call started it). */
  embedded: boolean;
  close(): Promise<void>;
}

/** Connects to opts.databaseUrl, else env.DATABASE_URL, else the project's embedded server. */
export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => {});
  const explicitUrl = opts.databaseUrl || env.DATABASE_URL || undefined;

  let server: EmbeddedServer | undefined;
  let url: string;
  if (explicitUrl) {
    url = explicitUrl;
  } else {
    const home = opts.projectDir ? path.join(opts.projectDir, '.jobmig') : defaultHome(env);
    const dataDir = path.join(home, 'pgdata');
    // Loaded only when needed: a command given a URL never loads the embedded server's modules.
    const { startEmbeddedServer } = await import('./embedded.ts');
    server = await startEmbeddedServer({ dataDir, log });
    url = withDatabaseName(server.url, EMBEDDED_DATABASE);
  }

  try {
    if (server) await createDatabaseIfMissing(server.url, EMBEDDED_DATABASE);
    await probe(url);
  } catch (err) {
    await server?.stop();
    throw err;
  }

  // No connectionTimeoutMillis here: in pg.Pool it also bounds the wait for a
  // free client, which long-running imports can legitimately exceed.
  const pool = new pg.Pool({
    connectionString: url,
    ...(opts.readOnly ? { options: READ_ONLY_SESSION } : {}),
  });
  pool.on('error', (err) => log(`idle PostgreSQL connection failed: ${describeError(err, [url])}`));
  let closing: Promise<void> | undefined;
  return {
    url,
    pool,
    embedded: server !== undefined,
    close: () =>
      (closing ??= (async () => {
        await pool.end();
        await server?.stop();
      })()),
  };
}

/**
 * Where the embedded server keeps its data: $JOBMIG_HOME; else `.jobmig/` in the checkout when run
 * from one; else (an installed package, which npm replaces on upgrade) `.jobmig/` in the working folder.
 */
export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JOBMIG_HOME) return path.resolve(env.JOBMIG_HOME);
  const installed = PROJECT_DIR.split(path.sep).includes('node_modules');
  return path.join(installed ? process.cwd() : PROJECT_DIR, '.jobmig');
}

/** Same server and credentials, another database. */
export function withDatabaseName(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function probe(url: string): Promise<void> {
  await withClient(url, (client) => client.query('select 1'));
}

async function createDatabaseIfMissing(serverUrl: string, database: string): Promise<void> {
  await withClient(serverUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount) return;
    try {
      await client.query(`create database ${client.escapeIdentifier(database)}`);
    } catch (err) {
      // Another process created it between our check and our create.
      if ((err as { code?: string }).code !== '42P04') throw err;
    }
  });
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => {}); // surfaced through the awaited call instead
  try {
    await client.connect();
    return await fn(client);
  } catch (err) {
    throw new Error(`could not connect to PostgreSQL at ${redactUrl(url)}: ${describeError(err, [url])}`, {
      cause: err,
    });
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * One line, no secrets. Node's AggregateError (localhost resolving to ::1 and 127.0.0.1) has an empty
 * message.
 */
export function describeError(err: unknown, urls: string[]): string {
  const e = err as { message?: string; code?: string; errors?: unknown[] };
  let text = e?.message || '';
  if (!text && Array.isArray(e?.errors)) {
    text = [...new Set(e.errors.map((x) => (x as Error)?.message).filter(Boolean))].join('; ');
  }
  text ||= e?.code || String(err);
  return redactSecrets(text.replace(/\s*\n\s*/g, ' ').trim(), urls);
}

/**
 * The session is gone (terminated by an administrator, server shut down, network cut), as opposed
 * to a statement failing: SQLSTATE classes 08 and 57P, or node-postgres's own "terminated" errors.
 */
export function isConnectionLoss(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && /^(08|57P)|^(ECONNRESET|ECONNREFUSED|EPIPE)$/.test(e.code)) return true;
  return (
    typeof e?.message === 'string' &&
    /^Connection terminated|connection error and is not queryable/.test(e.message)
  );
}
