/**
 * Turns the bytes of one legacy JSON file into `{ value, raw, issues }` and never throws: every
 * problem becomes a FileIssue so one bad file cannot stop an import run.
 *
 * `raw` is what gets stored as jsonb (all fields, made storable by PostgreSQL); `value` is the
 * validated view in which each badly typed field is treated as absent instead of failing the file.
 */
import { type FileIssue, jsonPointer } from './issues.ts';
import { type FileKind, type LegacyFileTypes, schemas } from './schemas.ts';

export type { FileKind, LegacyFileTypes } from './schemas.ts';

export const MAX_JSON_BYTES = 8 * 1024 * 1024;
export const MAX_JSON_DEPTH = 512;
/** Each repair round fixes every reported leaf; chains are short (bad field -> missing required -> drop item). */
const MAX_REPAIR_ROUNDS = 8;

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

// ---------------------------------------------------------------------------------------------
// Sanitising: PostgreSQL text/jsonb cannot hold U+0000 or unpaired UTF-16 surrogates.

const MAY_HOLD_UNSTORABLE = /\\u(0000|d[89a-f][0-9a-f]{2})/i;
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

const escapeUnit = (unit: string) => '\\u' + unit.charCodeAt(0).toString(16).padStart(4, '0');

function sanitizeString(
  s: string,
  pointer: string,
  what: string,
  relPath: string,
  issues: FileIssue[],
): string {
  if (!UNSTORABLE.test(s)) return s;
  const found = [...new Set(s.match(UNSTORABLE_ALL) ?? [])];
  const shown = found.slice(0, 5);
  const more = found.length > shown.length ? ', ...' : '';
  const names = shown.map((u) => {
    const hex = u.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return u === '\u0000' ? `U+${hex}` : `lone surrogate U+${hex}`;
  });
  issues.push({
    path: relPath,
    pointer,
    message:
      `${what}contains ${names.join(', ')}${more} (not storable in PostgreSQL); ` +
      `stored escaped as ${shown.map(escapeUnit).join(', ')}${more}`,
  });
  return s.replace(UNSTORABLE_ALL, escapeUnit);
}

/**
 * Returns a copy of a JSON value in which every NUL and lone surrogate (in strings and keys) is
 * replaced by its six-character escape text, with one issue per affected string. Iterative, so
 * depth is no concern; shared or cyclic references map to the same copy instead of looping.
 */
export function sanitizeForPostgres(value: unknown, relPath: string, issues: FileIssue[]): unknown {
  const holder: unknown[] = [undefined];
  const copies = new Map<object, object>();
  const stack: Array<{ src: unknown; into: object; key: string | number; pointer: string }> = [
    { src: value, into: holder, key: 0, pointer: '' },
  ];
  const put = (into: object, key: string | number, v: unknown) =>
    // defineProperty keeps an own "__proto__" key a plain data property, as JSON.parse made it.
    Object.defineProperty(into, key, { value: v, writable: true, enumerable: true, configurable: true });

  while (stack.length > 0) {
    const { src, into, key, pointer } = stack.pop()!;
    if (typeof src === 'string') {
      put(into, key, sanitizeString(src, pointer, '', relPath, issues));
    } else if (src === null || typeof src !== 'object') {
      put(into, key, src);
    } else if (copies.has(src)) {
      put(into, key, copies.get(src));
    } else if (Array.isArray(src)) {
      const arr: unknown[] = new Array(src.length);
      copies.set(src, arr);
      put(into, key, arr);
      // Children are pushed in reverse so they are visited, and reported, in document order.
      for (let i = src.length - 1; i >= 0; i--)
        stack.push({ src: src[i], into: arr, key: i, pointer: `${pointer}/${i}` });
    } else {
      const obj: Record<string, unknown> = {};
      copies.set(src, obj);
      put(into, key, obj);
      const members: typeof stack = [];
      for (const [k, v] of Object.entries(src)) {
        const escaped = k.replace(UNSTORABLE_ALL, escapeUnit);
        const memberPointer = pointer + jsonPointer([escaped]);
        if (escaped !== k && Object.hasOwn(src, escaped)) {
          // e.g. a real NUL key beside a literal "\\u0000" key: the literal one wins.
          issues.push({
            path: relPath,
            pointer: memberPointer,
            message:
              'key contains characters not storable in PostgreSQL and its escaped form collides with an existing key; member dropped',
          });
          continue;
        }
        // Keys are set now so the copy keeps the original key order.
        put(obj, escaped, undefined);
        members.push({
          src: v,
          into: obj,
          key: sanitizeString(k, memberPointer, 'key ', relPath, issues),
          pointer: memberPointer,
        });
      }
      for (let i = members.length - 1; i >= 0; i--) stack.push(members[i]!);
    }
  }
  return holder[0];
}

// ---------------------------------------------------------------------------------------------
// Validation with leaf-level repair.

type Segment = string | number;
interface Problem {
  path: Segment[];
  expected: string;
}
/** The zod issue shape this module relies on (stable across zod 4 releases). */
interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  errors?: ZodIssueLike[][];
  params?: { expected?: string };
}

function validate<K extends FileKind>(
  kind: K,
  raw: unknown,
  relPath: string,
  issues: FileIssue[],
): LegacyFileTypes[K] | null {
  const schema = schemas[kind];
  const add = (pointer: string, message: string) => issues.push({ path: relPath, pointer, message });
  // Most files are valid: zod does not mutate its input, so try the original before copying it.
  const valid = schema.safeParse(raw);
  if (valid.success) return valid.data;
  // Repairs happen on a copy so `raw` keeps every original field for jsonb.
  const work = structuredClone(raw);
  // Dropped array elements shift indices; map current positions back to positions in `raw`.
  const origin = new Map<unknown[], number[]>();
  const reported = new Set<string>();

  for (let round = 0; round < MAX_REPAIR_ROUNDS; round++) {
    const result = schema.safeParse(work);
    if (result.success) return result.data;

    const deletions: Array<{ obj: Record<string, unknown>; key: string }> = [];
    const drops = new Map<unknown[], Set<number>>();
    const seen = new Set<string>();
    for (const problem of toProblems(result.error.issues as unknown as ZodIssueLike[], [])) {
      if (problem.path.length === 0) {
        add('', `expected ${problem.expected} at the top level, received ${describe(work)}; file not used`);
        return null;
      }
      const chain = walk(work, problem.path, origin);
      if (!chain) {
        add(
          jsonPointer(problem.path),
          `cannot repair invalid value (expected ${problem.expected}); file not used`,
        );
        return null;
      }
      const rawPath = chain.map((step) => step.rawKey);
      const pointer = jsonPointer(rawPath);
      if (seen.has(pointer)) continue;
      seen.add(pointer);
      const leaf = chain[chain.length - 1]!;
      const found = Object.hasOwn(leaf.container, leaf.key)
        ? (leaf.container as Record<Segment, unknown>)[leaf.key]
        : undefined;

      if (found !== undefined) {
        reported.add(pointer);
        if (Array.isArray(leaf.container)) {
          addTo(drops, leaf.container, leaf.key as number);
          add(
            pointer,
            `dropped element "${fieldName(rawPath)}": expected ${problem.expected}, found ${describe(found)}`,
          );
        } else {
          deletions.push({ obj: leaf.container as Record<string, unknown>, key: String(leaf.key) });
          add(
            pointer,
            `field "${fieldName(rawPath)}": expected ${problem.expected}, found ${describe(found)}; treated as absent`,
          );
        }
        continue;
      }
      // A required field is missing (or was removed above): the nearest enclosing array element goes.
      let at = chain.length - 1;
      while (at >= 0 && !Array.isArray(chain[at]!.container)) at--;
      if (at < 0) {
        add(pointer, `required field "${fieldName(rawPath)}" is missing; file not used`);
        return null;
      }
      const elementPath = rawPath.slice(0, at + 1);
      const relative = fieldName(rawPath.slice(at + 1));
      const why = reported.has(pointer) ? 'has the wrong type' : 'is missing';
      addTo(drops, chain[at]!.container as unknown[], chain[at]!.key as number);
      add(
        jsonPointer(elementPath),
        `dropped element "${fieldName(elementPath)}": required field "${relative}" ${why}`,
      );
    }
    for (const { obj, key } of deletions) delete obj[key];
    for (const [arr, indexes] of drops) compact(arr, indexes, origin);
  }
  add('', `still invalid after ${MAX_REPAIR_ROUNDS} repair rounds; file not used`);
  return null;
}

/** Flattens zod issues; a union whose object branch matched reports that branch's inner fields. */
function toProblems(zodIssues: ZodIssueLike[], prefix: Segment[]): Problem[] {
  const out: Problem[] = [];
  for (const issue of zodIssues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (issue.code === 'invalid_union' && issue.errors) {
      const matched = issue.errors.find(
        (branch) => branch.length > 0 && branch.every((i) => i.path.length > 0),
      );
      if (matched) {
        out.push(...toProblems(matched, path));
        continue;
      }
      const expected = issue.errors.flatMap((b) =>
        b.filter((i) => i.path.length === 0 && i.code === 'invalid_type').map((i) => typeName(i.expected)),
      );
      out.push({ path, expected: [...new Set(expected)].join(' or ') || 'a valid value' });
    } else if (issue.code === 'invalid_type') {
      out.push({ path, expected: typeName(issue.expected) });
    } else {
      out.push({ path, expected: issue.params?.expected ?? issue.message });
    }
  }
  return out;
}

interface Step {
  container: object;
  key: Segment;
  rawKey: Segment;
}

/** The containers along `path` in the working copy, or null if the path does not resolve. */
function walk(root: unknown, path: Segment[], origin: Map<unknown[], number[]>): Step[] | null {
  const steps: Step[] = [];
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return null;
    const container = current;
    let rawKey = key;
    if (Array.isArray(container)) {
      if (typeof key !== 'number') return null;
      rawKey = origin.get(container)?.[key] ?? key;
    }
    steps.push({ container, key, rawKey });
    current = Object.hasOwn(container, key) ? (container as Record<Segment, unknown>)[key] : undefined;
  }
  return steps;
}

function compact(arr: unknown[], drop: Set<number>, origin: Map<unknown[], number[]>): void {
  const before = origin.get(arr) ?? arr.map((_, i) => i);
  const after: number[] = [];
  let w = 0;
  for (let r = 0; r < arr.length; r++) {
    if (drop.has(r)) continue;
    arr[w] = arr[r];
    after.push(before[r]!);
    w++;
  }
  arr.length = w;
  origin.set(arr, after);
}

function addTo(map: Map<unknown[], Set<number>>, arr: unknown[], index: number): void {
  const set = map.get(arr) ?? new Set<number>();
  set.add(index);
  map.set(arr, set);
}

function typeName(expected: string | undefined): string {
  if (expected === 'int') return 'integer';
  if (expected === 'record') return 'object';
  return expected ?? 'a valid value';
}

function fieldName(path: Segment[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') {
    // Cut on a code point boundary: a split pair would make the message itself unstorable.
    const cut = v.length > 40 ? v.slice(0, /[\ud800-\udbff]/.test(v[39]!) ? 39 : 40) + '...' : v;
    return `string ${JSON.stringify(cut)}`;
  }
  if (typeof v === 'object') return 'object';
  return `${typeof v} ${String(v)}`;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
