/**
 * job_id and job_number as every source states them. A job is keyed by its folder, so any source
 * naming another job (or another number) means the reported identity is in doubt.
 */
import { stagedExportJobId } from '../../model/staged-export.ts';
import type { Finding, JobRule } from '../finding.ts';
import { finding, snapshotsOf, SNAPSHOT_KINDS, textOf } from './common.ts';

export const identityMismatch: JobRule = (job) => {
  const record = job.record?.parsed.value ?? null;
  const snapshots = snapshotsOf(job);
  const jobIds: Record<string, string | null> = { folder: job.jobDir, job_record: textOf(record?.job_id) };
  const jobNumbers: Record<string, string | null> = { job_record: textOf(record?.job_number) };
  const paths: Record<string, string> = {};
  if (job.record) paths.job_record = job.record.rel;
  for (const { kind, file, value } of snapshots) {
    jobIds[kind] = textOf(value.job_id);
    jobNumbers[kind] = textOf(value.job_number);
    paths[kind] = file.rel;
  }
  for (const kind of SNAPSHOT_KINDS) {
    const geo = job.geojson[kind];
    if (!geo) continue;
    jobNumbers[`${kind}_geojson`] = textOf(geo.parsed.value?.features?.[0]?.properties?.job_number);
    paths[`${kind}_geojson`] = geo.rel;
  }
  // A staged export is named by job number: only the folder differing from its snapshot is its shape.
  const exported = stagedExportJobId(job);
  const onlyFolder = (stated: [string, string][]) =>
    exported !== null && stated.every(([source, v]) => source === 'folder' || v === exported);
  return [compare('job_id', jobIds), compare('job_number', jobNumbers)].flatMap((c) => (c ? [c] : []));

  function compare(field: string, bySource: Record<string, string | null>): Finding | null {
    const stated = Object.entries(bySource).filter((e): e is [string, string] => e[1] !== null);
    if (new Set(stated.map(([, v]) => v)).size <= 1) return null;
    return finding(
      job,
      {
        kind: 'identity_mismatch',
        values: { field, ...Object.fromEntries(stated) },
        paths: stated.flatMap(([source]) => (paths[source] ? [paths[source]!] : [])),
        summary: `${field} differs between sources: ${stated.map(([s, v]) => `${s}=${v}`).join(', ')}`,
      },
      field === 'job_id' && onlyFolder(stated),
    );
  }
};
