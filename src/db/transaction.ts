/**
 * The one way to run statements in a transaction: `transaction(db, mode, fn)`, on a session the
 * caller holds or on a connection taken from a pool for it (and given back after). Committed when
 * `fn` returns, rolled back when it throws, or always rolled back when asked (a dry run).
 */
import type pg from 'pg';

/**
 * How a transaction begins: read-write, read-only, a read-only snapshot several statements see alike,
 * or a snapshot that may still write (temporary tables) before it turns itself read-only.
 */
export type TransactionMode = 'read write' | 'read only' | 'read only snapshot' | 'snapshot';

const BEGIN: Record<TransactionMode, string> = {
  'read write': 'BEGIN',
  'read only': 'BEGIN READ ONLY',
  'read only snapshot': 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  snapshot: 'BEGIN ISOLATION LEVEL REPEATABLE READ',
};

export interface TransactionOptions {
  /** Roll back even when `fn` returns (nothing it did stays). */
  rollback?: boolean;
}

export function transaction<T>(
  db: pg.Pool,
  mode: TransactionMode,
  fn: (client: pg.PoolClient) => Promise<T>,
  options?: TransactionOptions,
): Promise<T>;
export function transaction<C extends pg.ClientBase, T>(
  db: C,
  mode: TransactionMode,
  fn: (client: C) => Promise<T>,
  options?: TransactionOptions,
): Promise<T>;
export async function transaction<C extends pg.ClientBase, T>(
  db: pg.Pool | C,
  mode: TransactionMode,
  fn: (client: C | pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if (!isPool(db)) return inSession(db, mode, fn, options);
  const client = await db.connect();
  // A checked-out client has no error listener; a cut connection surfaces through the awaited query.
  const ignore = () => undefined;
  client.on('error', ignore);
  const session = { broken: undefined as Error | undefined };
  try {
    return await inSession(client, mode, fn, options, session);
  } finally {
    client.off('error', ignore);
    // A session whose ROLLBACK failed is discarded, not reused by the next caller.
    client.release(session.broken);
  }
}

async function inSession<C extends pg.ClientBase, T>(
  client: C,
  mode: TransactionMode,
  fn: (client: C) => Promise<T>,
  options: TransactionOptions,
  session: { broken?: Error } = {},
): Promise<T> {
  await client.query(BEGIN[mode]);
  const rollback = () => client.query('ROLLBACK').catch((err: Error) => void (session.broken = err));
  try {
    const result = await fn(client);
    if (options.rollback) {
      await client.query('ROLLBACK');
    } else await client.query('COMMIT');
    return result;
  } catch (err) {
    await rollback();
    throw err;
  }
}

function isPool(db: pg.Pool | pg.ClientBase): db is pg.Pool {
  return 'totalCount' in db;
}
