/** Small helpers shared by the job rules: snapshot access and the finding shape. */
import { SNAPSHOT_KINDS } from '../../model/snapshots.ts';
import type { SnapshotKind } from '../../legacy/layout.ts';
import type { ReadJob, ReadJson } from '../../legacy/read-job.ts';
import type { FinalSnapshot } from '../../legacy/schemas.ts';
import type { Finding } from '../finding.ts';
import { severityOf } from '../registry.ts';

export { SNAPSHOT_KINDS };

export interface SnapshotView {
  kind: SnapshotKind;
  file: ReadJson<'final'>;
  value: FinalSnapshot;
}

/** The snapshots that parsed into something usable, final first. */
export function snapshotsOf(job: ReadJob): SnapshotView[] {
  return SNAPSHOT_KINDS.flatMap((kind) => {
    const file = job.snapshots[kind];
    const value = file?.parsed.value;
    return file && value ? [{ kind, file, value }] : [];
  });
}

/** Whether the job folder holds the top-level file, parsed or not: absence is what some rules are about. */
export function hasTopLevelFile(job: ReadJob, name: string): boolean {
  return job.files.some((f) => f.rel === name);
}

export function jobPath(job: ReadJob, rel: string): string {
  return `${job.jobDir}/${rel}`;
}

/**
 * A finding of `job`; its severity is its kind's (src/reconcile/registry.ts), or the kind's
 * shapeSeverity when `shape` says the difference is the legacy layout's expected shape.
 */
export function finding(job: ReadJob, f: Omit<Finding, 'job_id' | 'severity'>, shape = false): Finding {
  return { job_id: job.jobDir, severity: severityOf(f.kind, shape), ...f };
}

/** Legacy text that old clients sometimes wrote as numbers; anything else counts as absent. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
