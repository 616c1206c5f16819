/**
 * Sanitising for PostgreSQL: text and jsonb cannot hold U+0000 or unpaired UTF-16 surrogates, so each
 * is replaced by its six-character escape text, with one FileIssue per affected string or key.
 */
import { type FileIssue, jsonPointer } from './issues.ts';

/** Only these escapes make JSON.parse yield an unstorable string: cheap to test on the text. */
export const MAY_HOLD_UNSTORABLE = /\\u(0000|d[89a-f][0-9a-f]{2})/i;
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
  const stack: Pending[] = [{ src: value, into: holder, key: 0, pointer: '' }];
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
      const members = objectMembers(src, obj, pointer, relPath, issues);
      for (let i = members.length - 1; i >= 0; i--) stack.push(members[i]!);
    }
  }
  return holder[0];
}

/** A value still to be copied into `into[key]`. */
interface Pending {
  src: unknown;
  into: object;
  key: string | number;
  pointer: string;
}

function put(into: object, key: string | number, v: unknown): void {
  // defineProperty keeps an own "__proto__" key a plain data property, as JSON.parse made it.
  Object.defineProperty(into, key, { value: v, writable: true, enumerable: true, configurable: true });
}

/** The members of `src` to copy into `obj` under escaped keys, in order; colliding members dropped. */
function objectMembers(
  src: object,
  obj: Record<string, unknown>,
  pointer: string,
  relPath: string,
  issues: FileIssue[],
): Pending[] {
  const members: Pending[] = [];
  for (const [k, v] of Object.entries(src)) {
    const escaped = k.replace(UNSTORABLE_ALL, escapeUnit);
    const memberPointer = pointer + jsonPointer([escaped]);
    if (escaped !== k && Object.hasOwn(src, escaped)) {
      // e.g. a real NUL key beside a literal "\\u0000" key: the literal one wins.
      issues.push({
        path: relPath,
        pointer: memberPointer,
        message:
          'key contains characters not storable in PostgreSQL and its escaped form collides with an ' +
          'existing key; member dropped',
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
  return members;
}
