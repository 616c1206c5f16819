/**
 * Status values: each set the legacy server knows is declared here once (LEGACY_LAYOUT.md), and a
 * value as written is read against its set after case folding. An unknown value is never guessed
 * into a known one: the typed column gets null, the raw column keeps it, and it is an import issue.
 */
import type { FileIssue } from '../legacy/issues.ts';

export const JOB_STATUSES = [
  'NOT_STARTED',
  'DRAFT',
  'SUBMITTED_FOR_PROCESSING',
  'REVIEW_RETURNED',
  'ARCHIVED',
  'FAILED',
] as const;
export const ROUND_STATUSES = ['DRAFT', 'SUBMITTED_FOR_PROCESSING', 'REVIEW_RETURNED', 'FAILED'] as const;
/** A recording's upload_status (or status): lower case on the server. */
export const MEDIA_STATUSES = ['pending', 'uploading', 'uploaded', 'processed', 'failed'] as const;

export type StatusSet = typeof JOB_STATUSES | typeof ROUND_STATUSES | typeof MEDIA_STATUSES;

/** Old data varies the casing and separators of statuses ("archived", "Review Returned"). */
export function normalizeStatus(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const s = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  return s === '' ? null : s;
}

/** The set's own spelling of a value after folding, or null when the set does not know it. */
export function knownStatus(value: unknown, set: StatusSet): string | null {
  const folded = normalizeStatus(value);
  if (folded === null) return null;
  return set.find((s) => normalizeStatus(s) === folded) ?? null;
}

export interface ReadStatus {
  /** A value of the set, or null (absent or unknown). */
  typed: string | null;
  /** The value as written (null when absent or blank). */
  raw: string | null;
}

/** Where a status was written, for the issue an unknown value raises. */
export interface StatusSource {
  path: string;
  pointer: string;
  /** What the value is, for the message: "job status", "round status", ... */
  what: string;
}

/** Read one status value against its set; an unknown one is reported at its JSON pointer. */
export function readStatus(
  value: unknown,
  set: StatusSet,
  source: StatusSource,
  issues: FileIssue[],
): ReadStatus {
  const raw = typeof value === 'string' && value.trim() !== '' ? value : null;
  if (raw === null) return { typed: null, raw: null };
  const typed = knownStatus(raw, set);
  if (typed === null) {
    issues.push({
      path: source.path,
      pointer: source.pointer,
      message:
        `${source.what} ${JSON.stringify(raw).slice(0, 80)} is not one of ${set.join(', ')}: ` +
        'stored as null, the raw column keeps it',
    });
  }
  return { typed, raw };
}
