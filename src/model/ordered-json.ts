/**
 * JSON as written. Objects keep their key order, integer-like keys included (a JS object moves those
 * first), and scalars keep their spelling (`1.0`, `1e2`, `"\u00e9"`), so an output copied out of a
 * snapshot's stored bytes matches the legacy server's own files. Pure; nodes serialise with
 * JSON.stringify too (toJSON), as plain values.
 */

/** A string, number, boolean or null, as its source text. */
export class JsonScalar {
  constructor(readonly raw: string) {}
  toJSON(): unknown {
    return JSON.parse(this.raw);
  }
}

export interface JsonEntry {
  key: string;
  /** The key's source text, quotes and escapes included. */
  rawKey: string;
  value: JsonNode;
}

export class JsonObject {
  constructor(readonly entries: readonly JsonEntry[]) {}
  /** The value of `key` (the last one, as JSON.parse reads duplicate keys). */
  get(key: string): JsonNode | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (this.entries[i]!.key === key) return this.entries[i]!.value;
    }
    return undefined;
  }
  without(keys: readonly string[]): JsonObject {
    return new JsonObject(this.entries.filter((e) => !keys.includes(e.key)));
  }
  /** The same object with `key`'s value replaced, in place in the key order. */
  with(key: string, value: JsonNode): JsonObject {
    return new JsonObject(this.entries.map((e) => (e.key === key ? { ...e, value } : e)));
  }
  toJSON(): Record<string, JsonNode> {
    return Object.fromEntries(this.entries.map((e) => [e.key, e.value]));
  }
}

export class JsonArray {
  constructor(readonly items: readonly JsonNode[]) {}
  toJSON(): readonly JsonNode[] {
    return this.items;
  }
}

export type JsonNode = JsonScalar | JsonObject | JsonArray;

/** Parse JSON text (a leading byte-order mark is skipped); throws on text that is not JSON. */
export function parseAsWritten(text: string): JsonNode {
  const parser = new Parser(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const node = parser.value();
  parser.end();
  return node;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;
const SPACE = /[ \t\n\r]*/y;

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  value(): JsonNode {
    this.skip();
    const c = this.text[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    return new JsonScalar(
      this.token(c === '"' ? STRING : c === '-' || /\d/.test(c ?? '') ? NUMBER : LITERAL),
    );
  }

  end(): void {
    this.skip();
    if (this.at !== this.text.length) this.fail();
  }

  private object(): JsonObject {
    const entries: JsonEntry[] = [];
    this.at++;
    if (this.peek() === '}') return this.close(new JsonObject(entries));
    do {
      this.skip();
      const rawKey = this.token(STRING);
      this.expect(':');
      entries.push({ key: JSON.parse(rawKey) as string, rawKey, value: this.value() });
    } while (this.comma('}'));
    return new JsonObject(entries);
  }

  private array(): JsonArray {
    const items: JsonNode[] = [];
    this.at++;
    if (this.peek() === ']') return this.close(new JsonArray(items));
    do items.push(this.value());
    while (this.comma(']'));
    return new JsonArray(items);
  }

  /** After a member: true on a comma, false on the closing bracket (consumed). */
  private comma(close: string): boolean {
    const c = this.peek();
    this.at++;
    if (c === ',') return true;
    if (c !== close) this.fail();
    return false;
  }

  private close<T>(node: T): T {
    this.at++;
    return node;
  }

  private peek(): string | undefined {
    this.skip();
    return this.text[this.at];
  }

  private expect(c: string): void {
    if (this.peek() !== c) this.fail();
    this.at++;
  }

  private token(pattern: RegExp): string {
    pattern.lastIndex = this.at;
    const match = pattern.exec(this.text);
    if (!match) this.fail();
    this.at += match[0].length;
    return match[0];
  }

  private skip(): void {
    SPACE.lastIndex = this.at;
    this.at += SPACE.exec(this.text)![0].length;
  }

  private fail(): never {
    throw new SyntaxError(`not JSON at offset ${this.at}`);
  }
}

/**
 * `value` as JSON text indented by `indent` spaces (JSON.stringify's layout). Nodes are written as
 * they were read; plain values as JSON.stringify writes them (undefined members are left out).
 */
export function writeAsWritten(value: unknown, indent = 2): string {
  return write(value, '', ' '.repeat(indent));
}

function write(value: unknown, pad: string, step: string): string {
  if (value instanceof JsonScalar) return value.raw;
  if (value instanceof JsonArray)
    return members(
      value.items.map((v) => [null, v]),
      '[]',
      pad,
      step,
    );
  if (value instanceof JsonObject) {
    return members(
      value.entries.map((e) => [e.rawKey, e.value]),
      '{}',
      pad,
      step,
    );
  }
  if (Array.isArray(value))
    return members(
      value.map((v) => [null, v ?? null]),
      '[]',
      pad,
      step,
    );
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return members(
      entries.map(([k, v]) => [JSON.stringify(k), v]),
      '{}',
      pad,
      step,
    );
  }
  return JSON.stringify(value) ?? 'null';
}

function members(
  list: ReadonlyArray<readonly [string | null, unknown]>,
  brackets: string,
  pad: string,
  step: string,
): string {
  if (list.length === 0) return brackets;
  const inner = pad + step;
  const lines = list.map(([key, v]) => `${inner}${key === null ? '' : `${key}: `}${write(v, inner, step)}`);
  return `${brackets[0]}\n${lines.join(',\n')}\n${pad}${brackets[1]}`;
}
