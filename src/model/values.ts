/** Small pure conversions from loosely typed legacy values to column values. */
import type { FileIssue } from '../legacy/issues.ts';
import { sha256Hex } from '../util/hash.ts';

/** A text column's value: a string as it is, a number as its digits; '' and anything else null. */
export function textOrNull(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  return value === '' ? null : value;
}

/**
 * Legacy timestamps are ISO strings; anything Date cannot read is reported and stored as null (the raw stays
 * in the jsonb).
 */
export function timestamp(value: unknown, path: string, pointer: string, issues: FileIssue[]): string | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    issues.push({ path, pointer, message: `not a valid timestamp: ${JSON.stringify(value).slice(0, 80)}` });
    return null;
  }
  const date = new Date(ms);
  // Date reads years up to 275760 ("99999" is a year to it); timestamptz and ISO text stop at 9999,
  // and one such value must not make the database refuse the whole job.
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) {
    issues.push({
      path,
      pointer,
      message: `timestamp out of range (year ${year}, not 1 to 9999): ${JSON.stringify(value).slice(0, 80)}`,
    });
    return null;
  }
  return date.toISOString();
}

export function withRowHash<T extends object>(row: T): T & { row_sha256: string } {
  return { ...row, row_sha256: sha256Hex(JSON.stringify(row)) };
}
