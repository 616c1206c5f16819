/**
 * The planner: one read job folder in, the rows it becomes out. Pure (no I/O), so every rule of
 * the import is testable without a database. It leaves `findings` empty and `content_sha256` unset:
 * the caller reconciles the plan, then seals it with `hashPlan` (src/import/read-and-plan.ts).
 */
import type { FileIssue } from '../legacy/issues.ts';
import { compareRoundIds, rebaseStoredPath } from '../legacy/layout.ts';
import type { ReadJob, ReadJson } from '../legacy/read-job.ts';
import type { ClientTreeDetails, FinalSnapshot, JobRecord } from '../legacy/schemas.ts';
import { sha256Hex } from '../util/hash.ts';
import { billingKey, displayName, identityKey, parseTreeNumber, treeKey } from './identity.ts';
import { mentionMedia } from './mentions.ts';
import { placeMedia } from './placement.ts';
import { planMedia } from './plan-media.ts';
import { artifactRow, finalRow, geojsonRow, operatorRow } from './row-builders.ts';
import type { ArtifactRow, FinalRow, GeoJsonRow, JobPlan, JobRow, RoundRow } from './rows.ts';
import { SNAPSHOT_KINDS } from './snapshots.ts';
import { stagedExportJobId } from './staged-export.ts';
import { JOB_STATUSES, type ReadStatus, ROUND_STATUSES, readStatus, type StatusSource } from './status.ts';
import { textOrNull, withRowHash } from './values.ts';

export function planJob(job: ReadJob): JobPlan {
  const issues: FileIssue[] = [...job.issues, ...parsedIssues(job)];
  const sources = sourcesOf(job);
  const who = planIdentities(job, sources, issues);
  const rounds = planRounds(job, sources.record, issues);
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
  const jobRow = planJobRow(job, sources, who, issues);
  if (!sources.record && !sources.snapshot && !job.record) {
    issues.push({
      path: job.jobDir,
      pointer: '',
      message: 'job folder has neither job_record.json nor final.json: imported from its files alone',
    });
  }
  return {
    job: { ...jobRow, content_sha256: '' },
    ...identityRows(job.jobDir, sources, who),
    rounds,
    recordings: media.recordings,
    images: media.images,
    finals,
    geojson: planGeoJson(job),
    artifacts: planArtifacts(job, media.roundOfMedia),
    findings: [],
    issues: issues.map((i) => ({ job_id: job.jobDir, ...i })),
    filesRead: readFiles(job).length,
  };
}

/** The parsed files a job row is read from: the record, the snapshots, and the one that is current. */
interface JobSources {
  record: JobRecord | null;
  final: FinalSnapshot | null;
  /** The archived snapshot, not job_record.json, is the authority for what was reported. */
  snapshot: FinalSnapshot | null;
  snapshotFile: ReadJson<'final'> | null;
  details: ClientTreeDetails | null;
}

function sourcesOf(job: ReadJob): JobSources {
  const final = job.snapshots.final?.parsed.value ?? null;
  const correction = job.snapshots.correction?.parsed.value ?? null;
  const snapshot = correction ?? final;
  const snapshotFile = (correction ? job.snapshots.correction : job.snapshots.final) ?? null;
  const details = snapshot?.form?.data?.client_tree_details ?? final?.form?.data?.client_tree_details ?? null;
  return { record: job.record?.parsed.value ?? null, final, snapshot, snapshotFile, details };
}

/** Who and what the job names: customer, tree, assessor and billing, with the keys they are unique on. */
interface JobIdentities {
  customerName: string | null;
  customerKey: string | null;
  rawTree: unknown;
  treeKey: string | null;
  operatorName: string | null;
  operatorKey: string | null;
  billingKey: string | null;
}

function planIdentities(job: ReadJob, sources: JobSources, issues: FileIssue[]): JobIdentities {
  const { record, snapshot, final, details } = sources;
  const customerName = firstNamed(record?.customer_name, details?.client);
  const customerKey = identityKey(customerName);
  const rawTree = record?.tree_number ?? details?.tree_number ?? null;
  const tree = readTreeNumber(job, sources, rawTree, issues);
  const operatorName = firstNamed(snapshot?.user_name, final?.user_name);
  return {
    customerName,
    customerKey,
    rawTree,
    treeKey: customerKey === null ? null : tree,
    operatorName,
    operatorKey: identityKey(operatorName),
    billingKey: record
      ? billingKey(record.billing_name, record.billing_address, record.billing_contact_name)
      : null,
  };
}

/**
 * A written tree number that is not one (0, "oak") is an import issue at its JSON pointer, and the
 * job gets no tree: never a guessed identity.
 */
function readTreeNumber(
  job: ReadJob,
  sources: JobSources,
  rawTree: unknown,
  issues: FileIssue[],
): string | null {
  if (rawTree === null || rawTree === undefined || identityKey(rawTree) === null) return null;
  const key = treeKey(rawTree);
  if (key !== null) return key;
  const fromRecord = sources.record?.tree_number !== null && sources.record?.tree_number !== undefined;
  const file = fromRecord ? job.record : (sources.snapshotFile ?? job.snapshots.final);
  issues.push({
    path: file?.rel ?? job.jobDir,
    pointer: fromRecord ? '/tree_number' : '/form/data/client_tree_details/tree_number',
    message:
      `tree_number ${JSON.stringify(rawTree).slice(0, 80)} is not a tree number (a positive whole ` +
      'number, in digits or words): the job is linked to no tree',
  });
  return null;
}

function planJobRow(
  job: ReadJob,
  sources: JobSources,
  who: JobIdentities,
  issues: FileIssue[],
): Omit<JobRow, 'content_sha256'> {
  const { record, snapshot, details } = sources;
  const status = readStatus(record?.status, JOB_STATUSES, recordField(job, 'status', 'job status'), issues);
  const latestStatus = readStatus(
    record?.latest_round_status,
    ROUND_STATUSES,
    recordField(job, 'latest_round_status', 'latest round status'),
    issues,
  );
  return {
    job_id: job.jobDir,
    // An archived-only job (a staged export) takes it from its snapshot, never from the folder name.
    job_number:
      textOrNull(record?.job_number) ??
      textOrNull(sources.final?.job_number) ??
      textOrNull(snapshot?.job_number) ??
      geojsonJobNumber(job),
    // With no status written, an archived snapshot says what the job is; an unknown one stays null.
    status: status.typed ?? (status.raw === null && snapshot ? 'ARCHIVED' : null),
    status_raw: status.raw,
    latest_round_id: textOrNull(record?.latest_round_id) ?? (record ? null : textOrNull(snapshot?.round_id)),
    latest_round_status: latestStatus.typed,
    latest_round_status_raw: latestStatus.raw,
    tree_number: who.rawTree === null || who.rawTree === undefined ? null : String(who.rawTree),
    customer_name: who.customerName,
    address: textOrNull(record?.address) ?? textOrNull(details?.address_tree_location),
    tree_species: textOrNull(record?.tree_species) ?? textOrNull(details?.tree_species),
    ...recordTexts(record),
    record_job_id: textOrNull(record?.job_id),
    snapshot_job_id: stagedExportJobId(job),
    customer_key: who.customerKey,
    billing_key: who.billingKey,
    operator_key: who.operatorKey,
    tree_key: who.treeKey,
    record: job.record?.parsed.raw ?? null,
    source: record ? 'record' : snapshot ? 'final_only' : 'folder_only',
    fingerprint: job.fingerprint,
  };
}

/** The job record's fields the job row copies as written. */
function recordTexts(record: JobRecord | null) {
  return {
    reason: textOrNull(record?.reason),
    job_name: textOrNull(record?.job_name),
    job_address: textOrNull(record?.job_address),
    job_phone: textOrNull(record?.job_phone),
    contact_preference: textOrNull(record?.contact_preference),
    billing_name: textOrNull(record?.billing_name),
    billing_address: textOrNull(record?.billing_address),
    billing_contact_name: textOrNull(record?.billing_contact_name),
    location_notes: textOrNull(record?.location_notes),
  };
}

function recordField(job: ReadJob, field: string, what: string): StatusSource {
  return { path: job.record?.rel ?? job.jobDir, pointer: `/${field}`, what };
}

/** The identity rows the job names, each carrying the job as its source. */
function identityRows(jobId: string, sources: JobSources, who: JobIdentities) {
  const { record, snapshot, final } = sources;
  const { customerKey, customerName, operatorKey, operatorName } = who;
  return {
    customers:
      customerKey && customerName
        ? [{ name_key: customerKey, name: customerName, source_job_id: jobId }]
        : [],
    billingProfiles:
      who.billingKey && record
        ? [
            {
              profile_key: who.billingKey,
              billing_name: textOrNull(record.billing_name),
              billing_address: textOrNull(record.billing_address),
              billing_contact_name: textOrNull(record.billing_contact_name),
              source_job_id: jobId,
            },
          ]
        : [],
    operators:
      operatorKey && operatorName ? [operatorRow(jobId, operatorKey, operatorName, snapshot, final)] : [],
    trees:
      customerKey && who.treeKey
        ? [
            {
              customer_key: customerKey,
              tree_key: who.treeKey,
              tree_number: parseTreeNumber(who.rawTree),
              tree_number_raw: String(who.rawTree),
              source_job_id: jobId,
            },
          ]
        : [],
  };
}

/** The first value that names someone (a blank one does not), as written; else the first one written. */
function firstNamed(...values: unknown[]): string | null {
  const named = values.find((v) => identityKey(v) !== null);
  return displayName(named) ?? values.map(displayName).find((v) => v !== null) ?? null;
}

function planRounds(job: ReadJob, record: JobRecord | null, issues: FileIssue[]): RoundRow[] {
  const ids = new Set([...job.roundDirs, ...job.manifests.keys(), ...job.reviews.keys()]);
  return [...ids].sort(compareRoundIds).map((roundId) => {
    const manifest = job.manifests.get(roundId)?.parsed ?? null;
    const reviewFile = job.reviews.get(roundId);
    const review = reviewFile?.parsed ?? null;
    const status = roundStatus(reviewFile, record?.latest_round_id === roundId ? record : null, issues);
    return withRowHash({
      job_id: job.jobDir,
      round_id: roundId,
      status: status.typed,
      status_raw: status.raw,
      server_revision_id: textOrNull(review?.value?.server_revision_id),
      manifest_items: manifest?.value ? manifest.value.length : null,
      manifest: manifest?.raw ?? null,
      review: review?.raw ?? null,
    });
  });
}

/**
 * A round's status: its review's, else (the latest round) the record's latest_round_status, else
 * REVIEW_RETURNED when it has a review. The record's unknown value was reported with the job row.
 */
function roundStatus(
  reviewFile: ReadJson<'review'> | undefined,
  latestOf: JobRecord | null,
  issues: FileIssue[],
): ReadStatus {
  const review = reviewFile?.parsed.value ?? null;
  const written = readStatus(
    review?.status,
    ROUND_STATUSES,
    { path: reviewFile?.rel ?? '', pointer: '/status', what: 'round status' },
    issues,
  );
  if (written.raw !== null) return written;
  const latest = readStatus(latestOf?.latest_round_status, ROUND_STATUSES, NOT_REPORTED, []);
  if (latest.raw !== null) return latest;
  return { typed: review ? 'REVIEW_RETURNED' : null, raw: null };
}

const NOT_REPORTED: StatusSource = { path: '', pointer: '', what: '' };

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
  return textOrNull(job.geojson.final?.parsed.value?.features?.[0]?.properties?.job_number);
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
  // Severity too: a layout rule can change it without changing what the finding says.
  for (const finding of plan.findings) parts.push(`${finding.id} ${finding.severity}`);
  return sha256Hex(parts.join('\n'));
}
