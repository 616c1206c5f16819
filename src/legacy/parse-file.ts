/**
 * Turns the bytes of one legacy JSON file into `{ value, raw, issues }` and never throws: every
 * problem becomes a FileIssue so one bad file cannot stop an import run.
 *
 * `raw` is what gets stored as jsonb (all fields, made storable by PostgreSQL); `value` is the
 * validated view in which each badly typed field is treated as absent instead of failing the file.
 * This module takes the bytes to JSON (size cap, BOM, UTF-8, nesting depth) for every legacy JSON
 * file, the storage root's too (decodeJson); sanitize.ts makes the JSON storable, the redactor
 * replaces token copies, and validate.ts checks it against its schema, repairing leaf by leaf.
 */
import { type RedactionHit, Redactor } from '../util/token-redact.ts';
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
  /** The parsed, sanitised, redacted JSON; `undefined` when the bytes never became JSON. */
  raw: unknown;
  issues: FileIssue[];
  /** Where the file held a copy of a known token (only when it did): the snapshots' finding. */
  redactions?: RedactionHit[];
}

export interface DecodeOptions {
  /**
   * Whether a message may quote the parser's view of the text (V8 quotes the text around a syntax
   * error): not when the file may hold a secret, which a truncated quote would leak in part.
   */
  quoteValues: boolean;
  /** Every string and key of the result passes through it (docs/security.md "Tokens"). */
  redactor: Redactor;
  /** Appended to every refusal, e.g. what happens to what the file gave before. */
  refusal?: string;
}

/** What decodeJson made of the bytes; `ok` false: one issue says why. */
export type Decoded = { ok: true; value: unknown; hits: RedactionHit[] } | { ok: false };

/**
 * The one bytes-to-JSON mechanism of every legacy JSON file: size cap, one BOM, strict UTF-8, empty,
 * nesting depth, parse, then storable (sanitize.ts) and redacted. Never throws; each refusal is one
 * issue on the whole file.
 */
export function decodeJson(
  bytes: Uint8Array,
  relPath: string,
  issues: FileIssue[],
  options: DecodeOptions,
): Decoded {
  const why = refusal(bytes, options);
  if (typeof why === 'string') {
    issues.push({ path: relPath, pointer: '', message: why + (options.refusal ?? '') });
    return { ok: false };
  }
  // JSON.parse only yields NUL or lone surrogates from \u escapes (raw ones are invalid JSON or
  // invalid UTF-8), so text without such an escape needs no sanitising walk.
  const storable = MAY_HOLD_UNSTORABLE.test(why.text)
    ? sanitizeForPostgres(why.parsed, relPath, issues)
    : why.parsed;
  const { value, hits } = options.redactor.json(storable);
  return { ok: true, value, hits };
}

/** The reason the bytes are not JSON, or the text and its parse. */
function refusal(bytes: Uint8Array, options: DecodeOptions): string | { text: string; parsed: unknown } {
  if (bytes.length === 0) return 'empty file';
  if (bytes.length > MAX_JSON_BYTES) {
    return `file is ${bytes.length} bytes, over the ${MAX_JSON_BYTES}-byte cap for JSON files; not parsed`;
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    // ignoreBOM: we strip exactly one BOM ourselves; a second one is content, not encoding.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return 'not valid UTF-8';
  }
  if (/^[ \t\r\n]*$/.test(text)) return 'empty file';
  // Checked before JSON.parse, which can exhaust the stack on absurd nesting.
  if (exceedsDepth(text, MAX_JSON_DEPTH)) {
    return `JSON nesting is deeper than ${MAX_JSON_DEPTH} levels; not parsed`;
  }
  try {
    return { text, parsed: JSON.parse(text) };
  } catch (err) {
    return `invalid JSON: ${syntaxError(errorMessage(err), options.quoteValues)}`;
  }
}

/** V8's message, or when values may not be quoted, only what it says without quoting the text. */
function syntaxError(message: string, quoteValues: boolean): string {
  if (quoteValues || !/['"]/.test(message)) return message;
  const at = /at position (\d+)/.exec(message)?.[1];
  return at ? `syntax error at position ${at}` : 'syntax error';
}

export function parseLegacyJson<K extends FileKind>(
  kind: K,
  bytes: Uint8Array,
  relPath: string,
  redactor: Redactor = Redactor.none,
): ParsedFile<LegacyFileTypes[K]> {
  const issues: FileIssue[] = [];
  try {
    // With tokens known, no message quotes the file's text: V8's quote could cut a token in half.
    const decoded = decodeJson(bytes, relPath, issues, { quoteValues: redactor.empty, redactor });
    if (!decoded.ok) return { value: null, raw: undefined, issues };
    const value = validate(kind, decoded.value, relPath, issues);
    const parsed: ParsedFile<LegacyFileTypes[K]> = { value, raw: decoded.value, issues };
    if (decoded.hits.length > 0) parsed.redactions = decoded.hits;
    return parsed;
  } catch (err) {
    // Last line of defence for the never-throws contract; reaching it is a bug worth reporting.
    issues.push({
      path: relPath,
      pointer: '',
      message: `internal error while parsing: ${errorMessage(err)}`,
    });
    return { value: null, raw: undefined, issues };
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
