/**
 * Turns the bytes of one legacy JSON file into `{ value, raw, issues }` and never throws: every
 * problem becomes a FileIssue so one bad file cannot stop an import run.
 *
 * `raw` is what gets stored as jsonb (all fields, made storable by PostgreSQL); `value` is the
 * validated view in which each badly typed field is treated as absent instead of failing the file.
 * This module takes the bytes to JSON (size cap, BOM, UTF-8, nesting depth); sanitize.ts makes the
 * JSON storable and validate.ts checks it against its schema, repairing leaf by leaf.
 */
import type { FileIssue } from './issues.ts';
import { MAY_HOLD_UNSTORABLE, sanitizeForPostgres } from './sanitize.ts';
import type { FileKind, LegacyFileTypes } from './schemas.ts';
import { validate } from './validate.ts';

export type { FileKind, LegacyFileTypes } from './schemas.ts';
export { sanitizeForPostgres } from './sanitize.ts';

export const MAX_JSON_BYTES = 8 * 1024 * 1024;
export const MAX_JSON_DEPTH = 512;

export interface ParsedFile<T> {
  value: T | null;
  /** The parsed, sanitised JSON; `undefined` when the bytes never became JSON. */
  raw: unknown;
  issues: FileIssue[];
}

export function parseLegacyJson<K extends FileKind>(
  kind: K,
  bytes: Uint8Array,
  relPath: string,
): ParsedFile<LegacyFileTypes[K]> {
  const issues: FileIssue[] = [];
  const refuse = (message: string, raw: unknown = undefined): ParsedFile<LegacyFileTypes[K]> => {
    issues.push({ path: relPath, pointer: '', message });
    return { value: null, raw, issues };
  };
  try {
    if (bytes.length === 0) return refuse('empty file');
    if (bytes.length > MAX_JSON_BYTES) {
      return refuse(
        `file is ${bytes.length} bytes, over the ${MAX_JSON_BYTES}-byte cap for JSON files; not parsed`,
      );
    }
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    let text: string;
    try {
      // ignoreBOM: we strip exactly one BOM ourselves; a second one is content, not encoding.
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      return refuse('not valid UTF-8');
    }
    if (/^[ \t\r\n]*$/.test(text)) return refuse('empty file');
    // Checked before JSON.parse, which can exhaust the stack on absurd nesting.
    if (exceedsDepth(text, MAX_JSON_DEPTH)) {
      return refuse(`JSON nesting is deeper than ${MAX_JSON_DEPTH} levels; not parsed`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return refuse(`invalid JSON: ${errorMessage(err)}`);
    }
    // JSON.parse only yields NUL or lone surrogates from \u escapes (raw ones are invalid JSON or
    // invalid UTF-8), so text without such an escape needs no sanitising walk.
    const raw = MAY_HOLD_UNSTORABLE.test(text) ? sanitizeForPostgres(parsed, relPath, issues) : parsed;
    const value = validate(kind, raw, relPath, issues);
    return { value, raw, issues };
  } catch (err) {
    // Last line of defence for the never-throws contract; reaching it is a bug worth reporting.
    return refuse(`internal error while parsing: ${errorMessage(err)}`);
  }
}

export function exceedsDepth(text: string, max: number): boolean {
  // Nesting needs an opening bracket per level: text with at most `max` of them needs no walk
  // (indexOf is native; the walk below visits every character in JavaScript).
  if (openingBrackets(text, max + 1) <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** How many `{` and `[` the text holds, counting no further than `limit`. */
function openingBrackets(text: string, limit: number): number {
  let n = 0;
  for (const bracket of ['{', '[']) {
    for (let i = text.indexOf(bracket); i >= 0 && n < limit; i = text.indexOf(bracket, i + 1)) n++;
  }
  return n;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
