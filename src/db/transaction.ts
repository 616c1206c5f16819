import type pg from 'pg';

/** Run `fn` in one read-write transaction on one pooled connection: committed if it returns, rolled back if it throws. */
export function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(pool, 'BEGIN', fn);
}

/** The same as a READ ONLY transaction: readers (findings, presets, prune's dry run) can never write. */
export function readOnly<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(pool, 'BEGIN READ ONLY', fn);
}

async function withTransaction<T>(pool: pg.Pool, begin: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
