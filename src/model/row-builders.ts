/**
 * The row builders the planner and the write commands share: a file or snapshot in, its row out,
 * with its row hash. `jobmig regenerate` and `correction set` build their rows here, so a later
 * import plans the same rows and finds them unchanged.
 */
import type { FileIssue } from '../legacy/issues.ts';
import type { JobFileRole, SnapshotKind } from '../legacy/layout.ts';
import type { ReadJson } from '../legacy/read-job.ts';
import type { FinalSnapshot } from '../legacy/schemas.ts';
import { displayName, identityKey } from './identity.ts';
import type { ArtifactRow, FinalRow, GeoJsonRow, OperatorRow } from './rows.ts';
import { textOrNull, timestamp, withRowHash } from './values.ts';

/** The job_finals row of one parsed snapshot file (also what `jobmig correction set` writes). */
export function finalRow(
  jobDir: string,
  kind: SnapshotKind,
  file: ReadJson<'final'>,
  issues: FileIssue[],
): FinalRow {
  const value = file.parsed.value;
  const row = withRowHash({
    job_id: jobDir,
    kind,
    round_id: textOrNull(value?.round_id),
    server_revision_id: textOrNull(value?.server_revision_id),
    client_revision_id: textOrNull(value?.client_revision_id),
    archived_at: timestamp(value?.archived_at, file.rel, '/archived_at', issues),
    user_name: displayName(value?.user_name),
    operator_key: identityKey(value?.user_name),
    source_path: file.rel,
    payload: file.parsed.raw,
    payload_sha256: file.sha256,
  });
  // The bytes are identified by payload_sha256, so they stay out of row_sha256.
  return { ...row, snapshot_bytes: file.bytes };
}

/** The job_geojson_exports row of one GeoJSON file (also what `jobmig regenerate` writes). */
export function geojsonRow(
  jobDir: string,
  kind: SnapshotKind,
  rel: string,
  raw: unknown,
  sha256: string,
): GeoJsonRow {
  return withRowHash({ job_id: jobDir, kind, source_path: rel, payload: raw, payload_sha256: sha256 });
}

/**
 * The artifacts row of one file, as the import plans it. `sha256` is what the import knows: the hash
 * of the JSON files it reads, null for other files. `jobmig regenerate` builds its rows here too, so a
 * later import finds them unchanged (equal row_sha256) and keeps the hash regeneration recorded.
 */
export function artifactRow(
  jobDir: string,
  rel: string,
  role: Extract<JobFileRole, { role: 'artifact' }>,
  roundId: string | null,
  size: number,
  mtimeMs: number,
  sha256: string | null,
): ArtifactRow {
  return withRowHash({
    job_id: jobDir,
    path: `${jobDir}/${rel}`,
    kind: role.kind,
    round_id: roundId,
    snapshot: role.snapshot ?? null,
    section_id: role.sectionId ?? null,
    media_id: role.mediaId ?? null,
    size,
    mtime: new Date(mtimeMs).toISOString(),
    sha256,
  });
}

/** The operators row a job's snapshot names (also what `jobmig correction set` adds). */
export function operatorRow(
  jobId: string,
  key: string,
  name: string,
  snapshot: FinalSnapshot | null,
  final: FinalSnapshot | null,
): OperatorRow {
  const profile = snapshot?.profile ?? final?.profile ?? null;
  return {
    name_key: key,
    name,
    isa_number: textOrNull(profile?.isa_number),
    phone: textOrNull(profile?.phone),
    correspondence_email: textOrNull(profile?.correspondence_email),
    source_job_id: jobId,
  };
}
