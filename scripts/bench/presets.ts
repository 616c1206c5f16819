/**
 * Every query preset's full output fetched through the runner and formatted as json into a null
 * sink (what `jobmig query <preset> --format json > /dev/null` does, without the process start).
 *
 * The floor of a preset is the same rows already computed: its output is stored once in a table
 * (bench_preset_output, dropped after) and streamed through the same runner and formatter. What a
 * preset takes beyond its floor is its query; the floor itself is the cost of the row volume.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { createFormatter } from '../../src/query/format.ts';
import { listPresets, type Preset } from '../../src/query/presets.ts';
import { runPreset } from '../../src/query/run-preset.ts';

export interface PresetTiming {
  preset: string;
  rows: number;
  /**
   * Best time to the first page of rows (what a user waits for), best full output, every run's full output;
   * ms.
   */
  firstPageMs: number;
  bestMs: number;
  runsMs: number[];
  /** Best time to stream the same rows, already computed (null when floors were not asked for). */
  floorMs: number | null;
}

interface RunTiming {
  rows: number;
  firstMs: number;
  totalMs: number;
}

const FLOOR_TABLE = 'bench_preset_output';

/**
 * `floors` stores each preset's output in a table of the database: pass it only on a database of the
 * benchmark's own.
 */
export async function timePresets(
  pool: pg.Pool,
  runs: number,
  options: { floors?: boolean } = {},
): Promise<PresetTiming[]> {
  const timings: PresetTiming[] = [];
  for (const preset of listPresets()) {
    const measured: RunTiming[] = [];
    for (let run = 0; run < runs; run++) measured.push(await timeRun(pool, preset));
    const floorMs = options.floors ? await timeFloor(pool, preset, runs) : null;
    timings.push({
      preset: preset.name,
      rows: measured[0]!.rows,
      firstPageMs: Math.min(...measured.map((m) => m.firstMs)),
      bestMs: Math.min(...measured.map((m) => m.totalMs)),
      runsMs: measured.map((m) => m.totalMs),
      floorMs,
    });
  }
  return timings;
}

async function timeRun(pool: pg.Pool, preset: Preset): Promise<RunTiming> {
  const formatter = createFormatter('json');
  let bytes = 0;
  let first = -1;
  const t0 = performance.now();
  const rows = await runPreset(
    pool,
    preset,
    {},
    {
      columns: (names) => void (bytes += formatter.begin(names).length),
      rows: (page) => {
        if (first < 0) first = performance.now() - t0;
        bytes += formatter.page(page).length;
      },
    },
  );
  bytes += formatter.end().length;
  const totalMs = performance.now() - t0;
  return { rows, firstMs: first < 0 ? totalMs : first, totalMs };
}

async function timeFloor(pool: pg.Pool, preset: Preset, runs: number): Promise<number> {
  // CREATE TABLE AS takes no parameters; the presets write them as $1::text, $2::text and $3::text (a test
  // holds them to it), and the bench runs every preset unfiltered.
  const sql = preset.sql.replace(/;\s*$/, '').replace(/\$[123]::text/g, 'NULL::text');
  if (/\$\d/.test(sql.replace(/--.*$/gm, '')))
    throw new Error(`preset ${preset.name}: a parameter not written as $1::text, $2::text or $3::text`);
  const client = await pool.connect();
  try {
    await client.query('SET jit = off');
    await client.query(`DROP TABLE IF EXISTS ${FLOOR_TABLE}`);
    await client.query(`CREATE TABLE ${FLOOR_TABLE} AS SELECT * FROM (${sql}) p`);
  } finally {
    await client.query('RESET jit');
    client.release();
  }
  const stored: Preset = {
    name: `${preset.name} (floor)`,
    description: '',
    sql: `SELECT * FROM ${FLOOR_TABLE} WHERE $1::text IS NULL AND $2::text IS NULL`,
    snapshotChoice: false,
  };
  let best = Infinity;
  for (let run = 0; run < runs; run++) best = Math.min(best, (await timeRun(pool, stored)).totalMs);
  await pool.query(`DROP TABLE ${FLOOR_TABLE}`);
  return best;
}
