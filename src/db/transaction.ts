import type pg from 'pg';

/** How a transaction begins: read-write, read-only, or a read-only snapshot several statements see alike. */
export type TransactionMode = 'read write' | 'read only' | 'read only snapshot';

const BEGIN: Record<TransactionMode, string> = {
  'read write': 'BEGIN',
  'read only': 'BEGIN READ ONLY',
  'read only snapshot': 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
};

/**
 * Run `fn` in one transaction on a session the caller holds: committed if it returns, rolled back if it
 * throws.
 */
export async function inClientTransaction<T>(
  client: pg.ClientBase,
  mode: TransactionMode,
  fn: () => Promise<T>,
): Promise<T> {
  await client.query(BEGIN[mode]);
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** The same on a pooled connection taken for it and released after. */
export async function withTransaction<T>(
  pool: pg.Pool,
  mode: TransactionMode,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  // A session lost mid-transaction also emits 'error' on the client: without a listener that would be
  // an uncaught exception; the failing query reports it, and the broken client leaves the pool.
  let lost: Error | undefined;
  const onError = (err: Error) => {
    lost = err;
  };
  client.on('error', onError);
  try {
    return await inClientTransaction(client, mode, () => fn(client));
  } finally {
    client.off('error', onError);
    client.release(lost);
  }
}

/** One read-write transaction on one pooled connection. */
export function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(pool, 'read write', fn);
}

/** A READ ONLY transaction: readers (findings, presets, prune's dry run) can never write. */
export function readOnly<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(pool, 'read only', fn);
}
