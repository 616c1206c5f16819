/**
 * What the report letter says, taken from a final or correction snapshot (the reporting record: the
 * design note's "Reporting model"). Pure: the PDF and DOCX renderers only lay this out. Not to be
 * confused with src/findings-report/, the discrepancy report. Legacy payloads are loosely typed, so every
 * value is turned into display text here, once.
 */
import { rebaseStoredPath, type SnapshotKind } from '../legacy/layout.ts';
import type { FinalSnapshot } from '../legacy/schemas.ts';

export interface LetterImageRef {
  caption: string;
  /** Path inside the job folder, or null when the snapshot's path escapes it (never opened). */
  jobPath: string | null;
  /** What the snapshot wrote, for the note shown instead of a picture. */
  written: string | null;
}

export interface LetterModel {
  jobId: string;
  jobNumber: string;
  snapshot: SnapshotKind;
  title: string;
  assessor: string;
  assessorDetails: string[];
  archivedAt: string;
  treeDetails: Array<[string, string]>;
  ratings: Array<[string, string]>;
  riskRows: string[];
  narrative: string;
  inspectionInterval: string;
  images: LetterImageRef[];
}

const NOT_RECORDED = 'not recorded';

/** Display text of a loosely typed legacy value: strings as written, numbers, {text}, else JSON. */
export function displayText(value: unknown): string {
  if (value === null || value === undefined || value === '') return NOT_RECORDED;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = objectAt(value)?.text;
  if (typeof text === 'string' && text !== '') return text;
  return JSON.stringify(value);
}

/**
 * A rating as text: a string as written, or the `rating` (else `text`, else `value`) of the form's
 * rating objects (`{"rating": "low", "section_id": ...}`). Never JSON: an object without one is not recorded.
 */
export function ratingText(value: unknown): string {
  const o = objectAt(value);
  if (!o) return Array.isArray(value) ? NOT_RECORDED : displayText(value);
  const label = [o.rating, o.text, o.value].find(
    (v) => (typeof v === 'string' && v !== '') || typeof v === 'number',
  );
  return label === undefined ? NOT_RECORDED : String(label);
}

export function buildLetterModel(
  jobId: string,
  jobNumber: string | null,
  kind: SnapshotKind,
  snapshot: FinalSnapshot,
  raw: unknown,
): LetterModel {
  const data = objectAt(objectAt(objectAt(raw)?.form)?.data) ?? {};
  const details = objectAt(data.client_tree_details) ?? {};
  const number = jobNumber ?? snapshot.job_number ?? jobId;
  const profile = snapshot.profile ?? null;
  const assessorDetails = [
    profile?.isa_number ? `ISA certification ${profile.isa_number}` : null,
    profile?.phone ?? null,
    profile?.correspondence_email ?? null,
  ].filter((s): s is string => typeof s === 'string' && s !== '');
  const risk = Array.isArray(data.risk_categorization) ? data.risk_categorization : [];
  return {
    jobId,
    jobNumber: number,
    snapshot: kind,
    title:
      kind === 'correction'
        ? `Tree risk assessment report ${number} (corrected)`
        : `Tree risk assessment report ${number}`,
    assessor: displayText(snapshot.user_name ?? details.assessors),
    assessorDetails,
    archivedAt: displayText(snapshot.archived_at),
    treeDetails: [
      ['Client', displayText(details.client)],
      ['Tree number', displayText(details.tree_number)],
      ['Species', displayText(details.tree_species)],
      ['Location', displayText(details.address_tree_location)],
      ['DBH', displayText(details.dbh)],
      ['Height', displayText(details.height)],
      [
        'Assessed',
        [details.date, details.time].filter((v) => typeof v === 'string' && v !== '').join(' ') ||
          NOT_RECORDED,
      ],
    ],
    ratings: [
      ['Overall tree risk rating', ratingText(data.overall_tree_risk_rating)],
      ['Overall residual risk', ratingText(data.overall_residual_risk)],
    ],
    riskRows: risk.map(riskRow),
    narrative: displayText(snapshot.narrative ?? objectAt(raw)?.narrative),
    inspectionInterval: ratingText(data.recommended_inspection_interval),
    images: reportImages(jobId, raw),
  };
}

function riskRow(row: unknown): string {
  const o = objectAt(row);
  if (!o) return displayText(row);
  const part = [o.target, o.tree_part, o.condition]
    .filter((v) => v !== null && v !== undefined && v !== '')
    .map(displayText)
    .join(', ');
  return `${part || 'row'}: risk ${ratingText(o.risk_rating)}`;
}

/**
 * The job-relative path of each report image: `path` when it stays in the job, else the rebased
 * `stored_path`.
 */
function reportImages(jobId: string, raw: unknown): LetterImageRef[] {
  const entries = objectAt(raw)?.report_images;
  if (!Array.isArray(entries)) return [];
  return entries.map((entry) => {
    const o = objectAt(entry) ?? {};
    const candidates = [o.path, o.stored_path].filter((v): v is string => typeof v === 'string' && v !== '');
    const jobPath =
      candidates.map((c) => rebaseStoredPath(c, jobId)).find((p): p is string => p !== null) ?? null;
    return {
      caption: typeof o.caption === 'string' && o.caption !== '' ? o.caption : 'Untitled image',
      jobPath,
      written: candidates[0] ?? null,
    };
  });
}

function objectAt(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
