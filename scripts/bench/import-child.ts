/**
 * One import in a process of its own, so its peak RSS is the import's alone:
 *   node --import tsx scripts/bench/import-child.ts <jobs-root> <database-url> [--shard K/N]
 * Prints one JSON line: the run summary, peak RSS (MB) and CPU seconds.
 */
import pg from 'pg';
import { runImport } from '../../src/import/run.ts';
import { parseShard } from '../../src/import/shard.ts';

const [root, url, flag, shardSpec] = process.argv.slice(2);
if (!root || !url) throw new Error('usage: import-child.ts <jobs-root> <database-url> [--shard K/N]');
const pool = new pg.Pool({ connectionString: url });
const summary = await runImport(pool, {
  jobsRoot: root,
  shard: flag === '--shard' && shardSpec ? parseShard(shardSpec) : undefined,
});
await pool.end();
const usage = process.resourceUsage();
process.stdout.write(
  JSON.stringify({
    summary,
    peakRssMb: usage.maxRSS / 1024,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  }) + '\n',
);
