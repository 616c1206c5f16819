/**
 * The pruning policy's pure half: which listed candidates of a job may go, given what the disk says
 * about its snapshots, and which files go with them. The database half is
 * src/query/presets/pruning-candidates.sql; the disk facts come from disk-check.ts.
 */
export type CandidateKind = 'round' | 'recording' | 'image' | 'artifact';

export interface Candidate {
  job_id: string;
  candidate: CandidateKind;
  /** round_id, "<section_id>/<recording_id>", image_id, or the artifact's path. */
  key: string;
  round_id: string | null;
  artifact_kind: string | null;
  reason: string;
}

export interface SnapshotOnDisk {
  kind: string;
  path: string;
  storedSha256: string;
  /** null: the file is not on disk. */
  diskSha256: string | null;
}

export interface JobDiskFacts {
  snapshots: SnapshotOnDisk[];
  /**
   * What is wrong with the retained files (outputs, snapshot JSON, kept transcripts, report images) on disk.
   */
  problems: string[];
}

export interface JobPrunePlan {
  jobId: string;
  candidates: Candidate[];
  /** Why the job may not be pruned; empty when it may. */
  refusals: string[];
}

/** Group candidates per job and refuse every job whose snapshots are not intact on disk. */
export function planPrune(
  candidates: readonly Candidate[],
  facts: ReadonlyMap<string, JobDiskFacts>,
): JobPrunePlan[] {
  const byJob = new Map<string, Candidate[]>();
  for (const c of candidates) byJob.set(c.job_id, [...(byJob.get(c.job_id) ?? []), c]);
  return [...byJob.entries()].map(([jobId, list]) => ({
    jobId,
    candidates: list,
    refusals: refusalsFor(facts.get(jobId)),
  }));
}

export function refusalsFor(facts: JobDiskFacts | undefined): string[] {
  if (!facts) return ['its snapshots were not checked on disk'];
  const refusals: string[] = [];
  if (facts.snapshots.length === 0) refusals.push('it has no snapshot in job_finals');
  for (const s of facts.snapshots) {
    if (s.diskSha256 === null) refusals.push(`${s.path} (the ${s.kind}) is missing from disk`);
    else if (s.diskSha256 !== s.storedSha256) {
      refusals.push(
        `${s.path} on disk no longer matches the archived ${s.kind}` +
          ` (database sha256 ${s.storedSha256.slice(0, 12)}, disk ${s.diskSha256.slice(0, 12)})`,
      );
    }
  }
  refusals.push(...facts.problems);
  return refusals;
}

/**
 * Files that leave the job folder with the candidates: every candidate artifact, plus the metadata
 * files of pruned recordings and images (not artifacts, but an import would bring their rows back).
 */
export function filesOf(jobId: string, candidates: readonly Candidate[]): string[] {
  const files = new Set<string>();
  for (const c of candidates) {
    if (c.candidate === 'artifact') files.add(c.key);
    else if (c.candidate === 'recording') {
      const slash = c.key.indexOf('/');
      files.add(`${jobId}/sections/${c.key.slice(0, slash)}/recordings/${c.key.slice(slash + 1)}.meta.json`);
    } else if (c.candidate === 'image') files.add(`${jobId}/sections/job_photos/images/${c.key}.meta.json`);
  }
  return [...files].sort();
}
