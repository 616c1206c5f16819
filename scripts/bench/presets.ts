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
  /** Best time to the first page of rows (what a user waits for), best full output, every run's full output; ms. */
  firstPageMs: number;
  bestMs: number;
  runsMs: number[];
}

export async function timePresets(pool: pg.Pool, runs: number): Promise<PresetTiming[]> {
  const timings: PresetTiming[] = [];
  for (const preset of listPresets()) {
    const runsMs: number[] = [];
    const firstMs: number[] = [];
    let rows = 0;
    for (let run = 0; run < runs; run++) {
      const formatter = createFormatter('json');
      let bytes = 0;
      const t0 = performance.now();
      let first = -1;
      rows = await runPreset(pool, preset, {}, {
        columns: (names) => void (bytes += formatter.begin(names).length),
        rows: (page) => {
          if (first < 0) first = performance.now() - t0;
          bytes += formatter.page(page).length;
        },
      });
      firstMs.push(first < 0 ? performance.now() - t0 : first);
      bytes += formatter.end().length;
      runsMs.push(performance.now() - t0);
    }
    timings.push({ preset: preset.name, rows, firstPageMs: Math.min(...firstMs), bestMs: Math.min(...runsMs), runsMs });
  }
  return timings;
}
