/**
 * Bytes of one storage-root JSON file to validated entries, never throwing. Messages never quote
 * a value from the file (tokens.json holds live bearer secrets, and a JSON syntax error would quote
 * the text around it): they name the file, the JSON pointer, and the types involved.
 */
import type { z } from 'zod';
import { type FileIssue, jsonPointer } from '../issues.ts';
import { exceedsDepth, MAX_JSON_BYTES, MAX_JSON_DEPTH, sanitizeForPostgres } from '../parse-file.ts';
import type { FieldShape, Fields } from './schemas.ts';

export interface ParsedEntry<T> {
  /** JSON pointer of the entry in its file, e.g. "/devices/3". */
  pointer: string;
  id: string;
  value: T;
  /** The entry as read (made storable), unknown members included. */
  raw: Record<string, unknown>;
}

/** `usable` false: the file could not be read as its list, and nothing it gave before may be dropped. */
export interface ParsedList<T> {
  usable: boolean;
  entries: ParsedEntry<T>[];
  issues: FileIssue[];
}

export interface ListSpec<S extends FieldShape> {
  path: string;
  list: string;
  id: string;
  fields: S;
}

/** How a duplicate or an entry is named in a message; tokens are named by a hash prefix, never by value. */
export type IdLabel = (id: string) => string;

/** Parse a security file holding `{ "<list>": [entry, ...] }`. */
export function parseSecurityList<S extends FieldShape>(
  spec: ListSpec<S>,
  bytes: Uint8Array,
  label: IdLabel,
): ParsedList<Fields<S>> {
  const issues: FileIssue[] = [];
  const top = decodeJson(bytes, spec.path, issues);
  const list = isObject(top) ? top[spec.list] : undefined;
  if (!Array.isArray(list)) {
    if (top !== undefined)
      issues.push(notUsed(spec.path, `expected an object holding a "${spec.list}" list`));
    return { usable: false, entries: [], issues };
  }
  const byId = new Map<string, ParsedEntry<Fields<S>>>();
  list.forEach((item, index) => {
    const pointer = jsonPointer([spec.list, index]);
    const entry = parseEntry(spec, item, pointer, issues);
    if (!entry) return;
    const earlier = byId.get(entry.id);
    if (earlier) {
      issues.push({
        path: spec.path,
        pointer,
        message: `${label(entry.id)} appears again (first at ${earlier.pointer}): the later entry wins`,
      });
      byId.delete(entry.id); // re-inserted below, so entries keep the order of their winning position
    }
    byId.set(entry.id, entry);
  });
  return { usable: true, entries: [...byId.values()], issues };
}

/** Parse a profiles/ file: one object. */
export function parseObjectFile<S extends FieldShape>(
  path: string,
  fields: S,
  bytes: Uint8Array,
): { usable: boolean; value: Fields<S> | null; raw: Record<string, unknown> | null; issues: FileIssue[] } {
  const issues: FileIssue[] = [];
  const top = decodeJson(bytes, path, issues);
  if (!isObject(top)) {
    if (top !== undefined) issues.push(notUsed(path, `expected an object, found ${typeName(top)}`));
    return { usable: false, value: null, raw: null, issues };
  }
  return { usable: true, value: validateFields(path, fields, top, '', issues), raw: top, issues };
}

function parseEntry<S extends FieldShape>(
  spec: ListSpec<S>,
  item: unknown,
  pointer: string,
  issues: FileIssue[],
): ParsedEntry<Fields<S>> | null {
  if (!isObject(item)) {
    issues.push({ path: spec.path, pointer, message: `entry is ${typeName(item)}, not an object: skipped` });
    return null;
  }
  const value = validateFields(spec.path, spec.fields, item, pointer, issues);
  const id = value[spec.id];
  if (typeof id !== 'string' || id === '') {
    issues.push({ path: spec.path, pointer, message: `entry has no ${spec.id}: skipped` });
    return null;
  }
  return { pointer, id, value, raw: item };
}

/** Each field on its own: a wrong type is reported at its pointer and read as absent. */
function validateFields<S extends FieldShape>(
  path: string,
  fields: S,
  obj: Record<string, unknown>,
  pointer: string,
  issues: FileIssue[],
): Fields<S> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(fields) as [string, z.ZodType][]) {
    const result = schema.safeParse(Object.hasOwn(obj, name) ? obj[name] : undefined);
    if (result.success) out[name] = result.data ?? null;
    else {
      out[name] = null;
      issues.push({
        path,
        pointer: pointer + jsonPointer([name]),
        message: `field "${name}" holds ${typeName(obj[name])}, not a valid value; treated as absent`,
      });
    }
  }
  return out as Fields<S>;
}

/** JSON text to a storable value, or undefined with one issue. */
function decodeJson(bytes: Uint8Array, path: string, issues: FileIssue[]): unknown {
  const refuse = (why: string) => {
    issues.push(notUsed(path, why));
    return undefined;
  };
  if (bytes.length > MAX_JSON_BYTES) return refuse(`over the ${MAX_JSON_BYTES}-byte cap for JSON files`);
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return refuse('not valid UTF-8');
  }
  if (/^[ \t\r\n]*$/.test(text)) return refuse('empty file');
  if (exceedsDepth(text, MAX_JSON_DEPTH)) return refuse(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return sanitizeForPostgres(JSON.parse(text), path, issues);
  } catch (err) {
    // V8 quotes the text around a syntax error: only the position is kept.
    const at = /at position (\d+)/.exec(String((err as Error).message))?.[1];
    return refuse(at ? `invalid JSON at position ${at}` : 'invalid JSON (ends too early)');
  }
}

function notUsed(path: string, why: string): FileIssue {
  return { path, pointer: '', message: `${why}; file not used, what it gave before is kept` };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
