/**
 * Validation of parsed legacy JSON against its zod schema, with leaf-level repair: a badly typed field
 * is reported at its JSON pointer and treated as absent, an array item missing its required fields is
 * dropped, and only a file that cannot be repaired is refused.
 */
import { type FileIssue, jsonPointer } from './issues.ts';
import { type FileKind, type LegacyFileTypes, schemas } from './schemas.ts';

/** Each repair round fixes every reported leaf; chains are short (bad field, then missing, then drop). */
const MAX_REPAIR_ROUNDS = 8;

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

export function validate<K extends FileKind>(
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
  const repair: Repair = { work: structuredClone(raw), origin: new Map(), reported: new Set(), add };
  for (let round = 0; round < MAX_REPAIR_ROUNDS; round++) {
    const result = schema.safeParse(repair.work);
    if (result.success) return result.data;
    const problems = toProblems(result.error.issues as unknown as ZodIssueLike[], []);
    if (!repairRound(repair, problems)) return null;
  }
  add('', `still invalid after ${MAX_REPAIR_ROUNDS} repair rounds; file not used`);
  return null;
}

/** One file's repair across rounds. */
interface Repair {
  work: unknown;
  /** Dropped array elements shift indices; maps current positions back to positions in `raw`. */
  origin: Map<unknown[], number[]>;
  /** Pointers already reported as a bad value (a later "missing" there is that value, removed). */
  reported: Set<string>;
  add: (pointer: string, message: string) => void;
}

/** One round's edits, applied together once every problem has been looked at. */
interface Edits {
  deletions: Array<{ obj: Record<string, unknown>; key: string }>;
  drops: Map<unknown[], Set<number>>;
  seen: Set<string>;
}

/** Plans a fix per problem, then applies them all; false when one cannot be fixed (file not used). */
function repairRound(repair: Repair, problems: Problem[]): boolean {
  const edits: Edits = { deletions: [], drops: new Map(), seen: new Set() };
  for (const problem of problems) if (!planFix(repair, edits, problem)) return false;
  for (const { obj, key } of edits.deletions) delete obj[key];
  for (const [arr, indexes] of edits.drops) compact(arr, indexes, repair.origin);
  return true;
}

function planFix(repair: Repair, edits: Edits, problem: Problem): boolean {
  const { add, work } = repair;
  if (problem.path.length === 0) {
    add('', `expected ${problem.expected} at the top level, received ${describe(work)}; file not used`);
    return false;
  }
  const chain = walk(work, problem.path, repair.origin);
  if (!chain) {
    add(
      jsonPointer(problem.path),
      `cannot repair invalid value (expected ${problem.expected}); file not used`,
    );
    return false;
  }
  const rawPath = chain.map((step) => step.rawKey);
  const pointer = jsonPointer(rawPath);
  if (edits.seen.has(pointer)) return true;
  edits.seen.add(pointer);
  const leaf = chain[chain.length - 1]!;
  const found = Object.hasOwn(leaf.container, leaf.key)
    ? (leaf.container as Record<Segment, unknown>)[leaf.key]
    : undefined;
  if (found === undefined) return dropEnclosingElement(repair, edits, chain, rawPath);
  repair.reported.add(pointer);
  const what = `expected ${problem.expected}, found ${describe(found)}`;
  if (Array.isArray(leaf.container)) {
    addTo(edits.drops, leaf.container, leaf.key as number);
    add(pointer, `dropped element "${fieldName(rawPath)}": ${what}`);
  } else {
    edits.deletions.push({ obj: leaf.container as Record<string, unknown>, key: String(leaf.key) });
    add(pointer, `field "${fieldName(rawPath)}": ${what}; treated as absent`);
  }
  return true;
}

/** A required field is missing (or was removed above): the nearest enclosing array element goes. */
function dropEnclosingElement(repair: Repair, edits: Edits, chain: Step[], rawPath: Segment[]): boolean {
  const pointer = jsonPointer(rawPath);
  let at = chain.length - 1;
  while (at >= 0 && !Array.isArray(chain[at]!.container)) at--;
  if (at < 0) {
    repair.add(pointer, `required field "${fieldName(rawPath)}" is missing; file not used`);
    return false;
  }
  const elementPath = rawPath.slice(0, at + 1);
  const relative = fieldName(rawPath.slice(at + 1));
  const why = repair.reported.has(pointer) ? 'has the wrong type' : 'is missing';
  addTo(edits.drops, chain[at]!.container as unknown[], chain[at]!.key as number);
  repair.add(
    jsonPointer(elementPath),
    `dropped element "${fieldName(elementPath)}": required field "${relative}" ${why}`,
  );
  return true;
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
