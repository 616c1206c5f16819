/**
 * What verify compares, per job: named counts (job, rounds, recordings, images, finals, corrections,
 * "artifacts <kind>"). Pure: the disk side is counted from the importer's own plan of the folder, so
 * "on disk" means exactly what the import would load; the database side comes from SQL.
 */
import type { JobPlan } from '../model/rows.ts';

export type Counts = Map<string, number>;

export interface Difference {
  job_id: string;
  count: string;
  disk: number;
  database: number;
}

const FIXED_ORDER = ['job', 'rounds', 'recordings', 'images', 'finals', 'corrections'];

export function countPlan(plan: JobPlan): Counts {
  const counts: Counts = new Map([
    ['job', 1],
    ['rounds', plan.rounds.length],
    ['recordings', plan.recordings.length],
    ['images', plan.images.length],
    ['finals', plan.finals.filter((f) => f.kind === 'final').length],
    ['corrections', plan.finals.filter((f) => f.kind === 'correction').length],
  ]);
  for (const artifact of plan.artifacts) {
    const key = `artifacts ${artifact.kind}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Every count that differs; a count one side does not have is 0 there. */
export function compareCounts(jobId: string, disk: Counts, database: Counts): Difference[] {
  const keys = [...new Set([...disk.keys(), ...database.keys()])].sort(compareCountNames);
  return keys
    .map((count) => ({
      job_id: jobId,
      count,
      disk: disk.get(count) ?? 0,
      database: database.get(count) ?? 0,
    }))
    .filter((d) => d.disk !== d.database);
}

function compareCountNames(a: string, b: string): number {
  const rank = (name: string) => {
    const i = FIXED_ORDER.indexOf(name);
    return i >= 0 ? i : FIXED_ORDER.length;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
