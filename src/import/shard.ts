/**
 * Sharded imports: `--shard K/N` takes the job folders whose id hashes to shard K (1-based) of N, so
 * N processes, on as many machines, can share one jobs root and one database. The hash is of the job
 * folder's name only, so a job stays in its shard however the store grows.
 */
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export class ShardSpecError extends Error {}

/** "K/N" with 1 <= K <= N. */
export function parseShard(spec: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  if (!m) throw new ShardSpecError(`--shard ${spec}: expected K/N, e.g. 1/4`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count || !Number.isSafeInteger(count)) {
    throw new ShardSpecError(`--shard ${spec}: K must be between 1 and N`);
  }
  return { index, count };
}

/** The 1-based shard of a job folder among `count`: the first 32 bits of sha256(name), modulo count. */
export function shardOf(jobDir: string, count: number): number {
  return (createHash('sha256').update(jobDir).digest().readUInt32BE(0) % count) + 1;
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
