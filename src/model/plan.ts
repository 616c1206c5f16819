/**
 * The planner: one read job folder in, the rows it becomes out. Pure (no I/O), so every rule of
 * the import is testable without a database. It leaves `findings` empty and `content_sha256` unset:
 * the caller reconciles the plan, then seals it with `hashPlan` (src/import/read-and-plan.ts).
 */
import type { FileIssue } from '../legacy/issues.ts';
import { compareRoundIds, rebaseStoredPath } from '../legacy/layout.ts';
import type { ReadJob, ReadJson } from '../legacy/read-job.ts';
import type { JobRecord } from '../legacy/schemas.ts';
import { sha256Hex } from '../util/hash.ts';
import {
  billingKey,
  displayName,
  identityKey,
  normalizeStatus,
  parseTreeNumber,
  treeKey,
} from './identity.ts';
import { mentionMedia } from './mentions.ts';
import { placeMedia } from './placement.ts';
import { planMedia } from './plan-media.ts';
import { artifactRow, finalRow, geojsonRow, operatorRow } from './row-builders.ts';
import type { ArtifactRow, FinalRow, GeoJsonRow, JobPlan, JobRow, RoundRow } from './rows.ts';
import { SNAPSHOT_KINDS } from './snapshots.ts';
import { text, withRowHash } from './values.ts';

export function planJob(job: ReadJob): JobPlan {
  const jobId = job.jobDir;
  const issues: FileIssue[] = [...job.issues, ...parsedIssues(job)];
  const record = job.record?.parsed.value ?? null;
  const final = job.snapshots.final?.parsed.value ?? null;
  const correction = job.snapshots.correction?.parsed.value ?? null;
  // The archived snapshot, not job_record.json, is the authority for what was reported.
  const snapshot = correction ?? final;
  const details = snapshot?.form?.data?.client_tree_details ?? final?.form?.data?.client_tree_details ?? null;

  const customerName = firstNamed(record?.customer_name, details?.client);
  const customerKey = identityKey(customerName);
  const rawTree = record?.tree_number ?? details?.tree_number ?? null;
  const treeKeyValue = customerKey === null ? null : treeKey(rawTree);
  const operatorName = firstNamed(snapshot?.user_name, final?.user_name);
  const operatorKey = identityKey(operatorName);
  const billing = record
    ? billingKey(record.billing_name, record.billing_address, record.billing_contact_name)
    : null;

  const rounds = planRounds(job, record);
  const placements = placeMedia(
    rounds.map((r) => ({
      roundId: r.round_id,
      manifest: job.manifests.get(r.round_id)?.parsed.value ?? null,
      review: job.reviews.get(r.round_id)?.parsed.value ?? null,
    })),
  );
  const mentions = mentionMedia(
    rounds.map((r) => ({ roundId: r.round_id, manifest: r.manifest, review: r.review })),
  );
  const media = planMedia(job, placements, mentions, issues);
  const finals = planFinals(job, issues);
  const geojson = planGeoJson(job);
  const artifacts = planArtifacts(job, media.roundOfMedia);

  const jobRow: Omit<JobRow, 'content_sha256'> = {
    job_id: jobId,
    job_number: text(record?.job_number) ?? text(final?.job_number) ?? geojsonJobNumber(job),
    status: normalizeStatus(record?.status) ?? (snapshot ? 'ARCHIVED' : null),
    status_raw: text(record?.status),
    latest_round_id: text(record?.latest_round_id) ?? (record ? null : text(snapshot?.round_id)),
    latest_round_status: normalizeStatus(record?.latest_round_status),
    tree_number: rawTree === null || rawTree === undefined ? null : String(rawTree),
    customer_name: customerName,
    address: text(record?.address) ?? text(details?.address_tree_location),
    tree_species: text(record?.tree_species) ?? text(details?.tree_species),
    reason: text(record?.reason),
    job_name: text(record?.job_name),
    job_address: text(record?.job_address),
    job_phone: text(record?.job_phone),
    contact_preference: text(record?.contact_preference),
    billing_name: text(record?.billing_name),
    billing_address: text(record?.billing_address),
    billing_contact_name: text(record?.billing_contact_name),
    location_notes: text(record?.location_notes),
    record_job_id: text(record?.job_id),
    customer_key: customerKey,
    billing_key: billing,
    operator_key: operatorKey,
    tree_key: treeKeyValue,
    record: job.record?.parsed.raw ?? null,
    source: record ? 'record' : snapshot ? 'final_only' : 'folder_only',
    fingerprint: job.fingerprint,
  };
  if (!record && !snapshot && !job.record) {
    issues.push({
      path: jobId,
      pointer: '',
      message: 'job folder has neither job_record.json nor final.json: imported from its files alone',
    });
  }

  const plan: JobPlan = {
    job: { ...jobRow, content_sha256: '' },
    customers:
      customerKey && customerName
        ? [{ name_key: customerKey, name: customerName, source_job_id: jobId }]
        : [],
    billingProfiles:
      billing && record
        ? [
            {
              profile_key: billing,
              billing_name: text(record.billing_name),
              billing_address: text(record.billing_address),
              billing_contact_name: text(record.billing_contact_name),
              source_job_id: jobId,
            },
          ]
        : [],
    operators:
      operatorKey && operatorName ? [operatorRow(jobId, operatorKey, operatorName, snapshot, final)] : [],
    trees:
      customerKey && treeKeyValue
        ? [
            {
              customer_key: customerKey,
              tree_key: treeKeyValue,
              tree_number: parseTreeNumber(rawTree),
              tree_number_raw: String(rawTree),
              source_job_id: jobId,
            },
          ]
        : [],
    rounds,
    recordings: media.recordings,
    images: media.images,
    finals,
    geojson,
    artifacts,
    findings: [],
    issues: issues.map((i) => ({ job_id: jobId, ...i })),
    filesRead: readFiles(job).length,
  };
  return plan;
}

/** The first value that names someone (a blank one does not), as written; else the first one written. */
function firstNamed(...values: unknown[]): string | null {
  const named = values.find((v) => identityKey(v) !== null);
  return displayName(named) ?? values.map(displayName).find((v) => v !== null) ?? null;
}

function planRounds(job: ReadJob, record: JobRecord | null): RoundRow[] {
  const ids = new Set([...job.roundDirs, ...job.manifests.keys(), ...job.reviews.keys()]);
  return [...ids].sort(compareRoundIds).map((roundId) => {
    const manifest = job.manifests.get(roundId)?.parsed ?? null;
    const review = job.reviews.get(roundId)?.parsed ?? null;
    const isLatest = record?.latest_round_id === roundId;
    const status =
      normalizeStatus(review?.value?.status) ??
      (isLatest ? normalizeStatus(record?.latest_round_status) : null) ??
      (review?.value ? 'REVIEW_RETURNED' : null);
    return withRowHash({
      job_id: job.jobDir,
      round_id: roundId,
      status,
      server_revision_id: text(review?.value?.server_revision_id),
      manifest_items: manifest?.value ? manifest.value.length : null,
      manifest: manifest?.raw ?? null,
      review: review?.raw ?? null,
    });
  });
}

function planFinals(job: ReadJob, issues: FileIssue[]): FinalRow[] {
  const rows: FinalRow[] = [];
  for (const kind of SNAPSHOT_KINDS) {
    const file = job.snapshots[kind];
    if (!file?.parsed.value) continue;
    checkReportImagePaths(job.jobDir, file, issues);
    rows.push(finalRow(job.jobDir, kind, file, issues));
  }
  return rows;
}

function checkReportImagePaths(jobDir: string, file: ReadJson<'final'>, issues: FileIssue[]): void {
  (file.parsed.value?.report_images ?? []).forEach((image, i) => {
    const stored = image.stored_path;
    if (stored && rebaseStoredPath(stored, jobDir) === null) {
      issues.push({
        path: file.rel,
        pointer: `/report_images/${i}/stored_path`,
        message: `stored_path "${stored}" is outside job folder ${jobDir}: not opened`,
      });
    }
  });
}

function planGeoJson(job: ReadJob): GeoJsonRow[] {
  return SNAPSHOT_KINDS.flatMap((kind) => {
    const file = job.geojson[kind];
    if (!file?.parsed.value) return [];
    return [geojsonRow(job.jobDir, kind, file.rel, file.parsed.raw, file.sha256)];
  });
}

function planArtifacts(
  job: ReadJob,
  roundOfMedia: (sectionId: string, mediaId: string) => string | null,
): ArtifactRow[] {
  const hashes = new Map<string, string>();
  const jsonFiles = [
    ...job.manifests.values(),
    ...job.reviews.values(),
    ...Object.values(job.snapshots),
    ...Object.values(job.geojson),
  ];
  for (const f of jsonFiles) if (f) hashes.set(f.rel, f.sha256);
  const rows: ArtifactRow[] = [];
  for (const file of job.files) {
    const role = file.role;
    if (role.role !== 'artifact') continue;
    const path = `${job.jobDir}/${file.rel}`;
    const roundId =
      role.roundId ?? (role.sectionId && role.mediaId ? roundOfMedia(role.sectionId, role.mediaId) : null);
    rows.push(
      artifactRow(job.jobDir, file.rel, role, roundId, file.size, file.mtimeMs, hashes.get(path) ?? null),
    );
  }
  return rows;
}

function geojsonJobNumber(job: ReadJob): string | null {
  return text(job.geojson.final?.parsed.value?.features?.[0]?.properties?.job_number);
}

/** Every JSON file the reader opened for this job. */
function readFiles(job: ReadJob) {
  return [
    job.record,
    job.processed,
    ...job.manifests.values(),
    ...job.reviews.values(),
    ...job.recordingMetas.values(),
    ...job.imageMetas.values(),
    ...Object.values(job.snapshots),
    ...Object.values(job.geojson),
  ].filter((f) => f !== null && f !== undefined);
}

function parsedIssues(job: ReadJob): FileIssue[] {
  return readFiles(job).flatMap((f) => f.parsed.issues);
}

/**
 * Set the job row's content_sha256: one hash over everything the job becomes, findings included,
 * so it is taken last (after reconciliation). Equal hashes mean a rerun has nothing to write for it.
 */
export function hashPlan(plan: JobPlan): JobPlan {
  plan.job.content_sha256 = contentHash(plan);
  return plan;
}

function contentHash(plan: JobPlan): string {
  // The fingerprint (paths, sizes, mtimes) is how the folder looks, not what it holds: a touched file is no
  // change.
  const parts: string[] = [
    JSON.stringify({ ...plan.job, fingerprint: '' }),
    JSON.stringify([plan.customers, plan.billingProfiles, plan.operators, plan.trees]),
  ];
  for (const rows of [plan.rounds, plan.recordings, plan.images, plan.finals, plan.geojson, plan.artifacts]) {
    for (const row of rows) parts.push(row.row_sha256);
  }
  // Findings are a function of the files, but also of the rules: a new rule must rewrite the job.
  for (const finding of plan.findings) parts.push(finding.id);
  return sha256Hex(parts.join('\n'));
}
