/**
 * Bytes of one storage-root JSON file to validated entries, never throwing, through the one JSON
 * decoder (parse-file.ts decodeJson). Messages never quote a value from the file (tokens.json holds
 * live bearer secrets): they name the file, the JSON pointer, and the types involved. Every other
 * file is redacted as it is decoded; tokens.json is not (its plaintexts are what the redactor knows).
 */
import type { z } from 'zod';
import { type FileIssue, jsonPointer } from '../issues.ts';
import { Redactor } from '../../util/token-redact.ts';
import { decodeJson } from '../parse-file.ts';
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
  redactor: Redactor = Redactor.none,
): ParsedList<Fields<S>> {
  const issues: FileIssue[] = [];
  const top = decode(bytes, spec.path, issues, redactor);
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
  redactor: Redactor = Redactor.none,
): { usable: boolean; value: Fields<S> | null; raw: Record<string, unknown> | null; issues: FileIssue[] } {
  const issues: FileIssue[] = [];
  const top = decode(bytes, path, issues, redactor);
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

/** The one JSON decoder (parse-file.ts), quoting nothing: tokens.json holds live bearer secrets. */
function decode(bytes: Uint8Array, path: string, issues: FileIssue[], redactor: Redactor): unknown {
  const decoded = decodeJson(bytes, path, issues, { quoteValues: false, redactor, refusal: NOT_USED });
  return decoded.ok ? decoded.value : undefined;
}

const NOT_USED = '; file not used, what it gave before is kept';

function notUsed(path: string, why: string): FileIssue {
  return { path, pointer: '', message: why + NOT_USED };
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
