/**
 * Every query preset's full output fetched through the runner and formatted as json into a null
 * sink (what `jobmig query <preset> --format json > /dev/null` does, without the process start).
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { createFormatter } from '../../src/query/format.ts';
import { listPresets } from '../../src/query/presets.ts';
import { runPreset } from '../../src/query/run-preset.ts';

export interface PresetTiming {
  preset: string;
  rows: number;
  /** Best of the runs, and every run, in milliseconds. */
  bestMs: number;
  runsMs: number[];
}

export async function timePresets(pool: pg.Pool, runs: number): Promise<PresetTiming[]> {
  const timings: PresetTiming[] = [];
  for (const preset of listPresets()) {
    const runsMs: number[] = [];
    let rows = 0;
    for (let run = 0; run < runs; run++) {
      const formatter = createFormatter('json');
      let bytes = 0;
      const t0 = performance.now();
      rows = await runPreset(pool, preset, {}, {
        columns: (names) => void (bytes += formatter.begin(names).length),
        rows: (page) => void (bytes += formatter.page(page).length),
      });
      bytes += formatter.end().length;
      runsMs.push(performance.now() - t0);
    }
    timings.push({ preset: preset.name, rows, bestMs: Math.min(...runsMs), runsMs });
  }
  return timings;
}
