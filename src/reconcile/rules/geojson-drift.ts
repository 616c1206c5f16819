/**
 * A stored public-map export against the one its snapshot produces now. The export is public, so a
 * wrong point or a leaked client field or path changes what was published.
 */
import { buildGeoJson, geojsonDifferences } from '../../model/geojson.ts';
import type { JobRule } from '../finding.ts';
import { finding, snapshotsOf } from './common.ts';

export const geojsonDrift: JobRule = (job, plan) =>
  snapshotsOf(job).flatMap(({ kind, file, value }) => {
    const stored = job.geojson[kind];
    // Unparsable JSON is an import issue; there is nothing to compare.
    if (!stored || stored.parsed.raw === undefined) return [];
    const expected = buildGeoJson(value, file.parsed.raw, plan.job.job_number);
    const differences = geojsonDifferences(stored.parsed.raw, expected);
    const fields = Object.keys(differences);
    if (fields.length === 0) return [];
    return [
      finding(job, {
        kind: 'geojson_drift',
        values: { snapshot: kind, ...differences },
        paths: [stored.rel, file.rel],
        summary:
          `${stored.rel.slice(job.jobDir.length + 1)} differs from its ${kind}` +
          ` snapshot in ${fields.join(', ')}`,
      }),
    ];
  });
