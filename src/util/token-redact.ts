/**
 * The one redaction step for bearer tokens (docs/security.md "Tokens"): every string read from the
 * legacy store passes through a Redactor before it is stored or printed, and each copy of a known
 * token becomes `token sha256:<12 hex>`. Pure: the known tokens are given, never looked up here.
 */
import { sha256Hex } from './hash.ts';

/**
 * The token shape: a run of at least 20 URL-safe characters (the legacy server issues URL-safe random
 * strings; the fixtures' are 34 to 38 long). A stored hash can only be matched against whole words of
 * this shape; a plaintext from tokens.json is found anywhere, whatever surrounds it. Also given to
 * schema/018's jobmig_token_copies(), so SQL and TypeScript agree on what a word is.
 */
export const TOKEN_WORD_SOURCE = '[A-Za-z0-9_-]{20,}';
/** Plaintexts shorter than this are matched as whole words only: as substrings they would eat text. */
export const MIN_SUBSTRING_TOKEN = 8;

/** What the redactor knows: this run's plaintexts and the stored sha256 hashes. Plain data, so it
 * crosses to worker threads. */
export interface KnownTokens {
  plaintexts: readonly string[];
  hashes: readonly string[];
}

/** Where a JSON value held a token: the RFC 6901 pointer and the token's sha256. */
export interface RedactionHit {
  pointer: string;
  sha256: string;
}

/** How a token is named anywhere it must be named: by a prefix of its hash. */
export function tokenLabel(tokenSha256: string): string {
  return `token sha256:${tokenSha256.slice(0, 12)}`;
}

export function tokenSha256(token: string): string {
  return sha256Hex(token);
}

const WORD = new RegExp(TOKEN_WORD_SOURCE, 'g');
const ANY_WORD = /[A-Za-z0-9_-]+/g;
/** JSON string escapes: masked to spaces of the same length, so they never join or split a word. */
const JSON_ESCAPE = /\\(?:u[0-9a-fA-F]{4}|.)/g;

/** ASCII-only lower case keeps every index in place (toLowerCase may not: "İ" becomes two units). */
function foldAscii(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

export class Redactor {
  static readonly none = new Redactor({ plaintexts: [], hashes: [] });

  /** sha256 of every known token: this run's plaintexts hashed, and the stored ones. */
  readonly hashes: ReadonlySet<string>;
  /** Changes whenever the set of known tokens does; '' when none is known. */
  readonly fingerprint: string;
  /** Case-folded plaintext -> its sha256, longest first so a token holding another is labelled whole. */
  private readonly substrings: [string, string][];
  private readonly words: Map<string, string>;
  /** Stored hashes without a plaintext this run: only these need a sha256 per token-shaped word. */
  private readonly hashOnly: ReadonlySet<string>;
  private readonly prefilter: RegExp;

  constructor(readonly known: KnownTokens) {
    const hashes = new Set(known.hashes);
    const hashOnly = new Set(known.hashes);
    const substrings = new Map<string, string>();
    this.words = new Map();
    for (const t of known.plaintexts) {
      if (t === '') continue;
      const hash = tokenSha256(t);
      hashes.add(hash);
      hashOnly.delete(hash);
      (t.length >= MIN_SUBSTRING_TOKEN ? substrings : this.words).set(foldAscii(t), hash);
    }
    this.hashes = hashes;
    this.hashOnly = hashOnly;
    this.substrings = [...substrings].sort((a, b) => b[0].length - a[0].length);
    this.fingerprint = hashes.size === 0 ? '' : sha256Hex([...hashes].sort().join('\n'));
    const shortest = Math.min(20, ...[...substrings.keys()].map((k) => k.length));
    // A string without a run of URL-safe characters as long as the shortest token holds none: most
    // strings (names, dates, addresses, prose) are let through on this one native test.
    this.prefilter = this.words.size > 0 ? /[A-Za-z0-9_-]/ : new RegExp(`[A-Za-z0-9_-]{${shortest}}`);
  }

  get empty(): boolean {
    return this.hashes.size === 0;
  }

  /** The string with every known token replaced by its label. */
  text(s: string): string {
    return this.redact(s, s);
  }

  /** The same for JSON text (e.g. a COPY field): escapes are not taken for part of a word. */
  jsonText(s: string): string {
    if (this.empty || !this.prefilter.test(s)) return s;
    return this.redact(s, s.includes('\\') ? s.replace(JSON_ESCAPE, (m) => ' '.repeat(m.length)) : s);
  }

  /** The sha256 of every token the string holds (none: the string is clean). */
  found(s: string): string[] {
    return this.ranges(s).map((r) => r[2]);
  }

  /**
   * A copy of a JSON value in which every string and every key is redacted, with where each token
   * was found. Keys that become equal after redaction keep the later member, as JSON.parse does.
   */
  json(value: unknown): { value: unknown; hits: RedactionHit[] } {
    const hits: RedactionHit[] = [];
    if (this.empty) return { value, hits };
    return { value: this.walk(value, '', hits), hits };
  }

  private walk(value: unknown, pointer: string, hits: RedactionHit[]): unknown {
    if (typeof value === 'string') return this.hit(value, pointer, hits);
    if (Array.isArray(value)) return value.map((v, i) => this.walk(v, `${pointer}/${i}`, hits));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = this.hit(k, pointer, hits);
      const escaped = key.replace(/~/g, '~0').replace(/\//g, '~1');
      // defineProperty keeps an own "__proto__" key a plain data property, as JSON.parse made it.
      Object.defineProperty(out, key, {
        value: this.walk(v, `${pointer}/${escaped}`, hits),
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    return out;
  }

  private hit(s: string, pointer: string, hits: RedactionHit[]): string {
    if (!this.prefilter.test(s)) return s;
    const ranges = this.ranges(s);
    for (const r of ranges) hits.push({ pointer, sha256: r[2] });
    return ranges.length === 0 ? s : replaceRanges(s, ranges);
  }

  private redact(s: string, masked: string): string {
    if (this.empty || !this.prefilter.test(masked)) return s;
    const ranges = this.ranges(masked);
    return ranges.length === 0 ? s : replaceRanges(s, ranges);
  }

  /** [start, end, sha256] of every token occurrence in `s`, sorted and not overlapping. */
  private ranges(s: string): [number, number, string][] {
    const found: [number, number, string][] = [];
    const folded = this.substrings.length > 0 || this.words.size > 0 ? foldAscii(s) : s;
    for (const [token, hash] of this.substrings) {
      for (let i = folded.indexOf(token); i >= 0; i = folded.indexOf(token, i + 1)) {
        found.push([i, i + token.length, hash]);
      }
    }
    if (this.words.size > 0) {
      for (const m of folded.matchAll(ANY_WORD)) {
        const hash = this.words.get(m[0]);
        if (hash) found.push([m.index, m.index + m[0].length, hash]);
      }
    }
    if (this.hashOnly.size > 0) {
      for (const m of s.matchAll(WORD)) {
        const hash = tokenSha256(m[0]);
        if (this.hashOnly.has(hash)) found.push([m.index, m.index + m[0].length, hash]);
      }
    }
    return disjoint(found);
  }
}

/** Sorted by start, longest first; a range overlapping an earlier one is merged into it. */
function disjoint(ranges: [number, number, string][]): [number, number, string][] {
  if (ranges.length <= 1) return ranges;
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number, string][] = [ranges[0]!];
  for (const r of ranges.slice(1)) {
    const last = out[out.length - 1]!;
    if (r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

function replaceRanges(s: string, ranges: readonly [number, number, string][]): string {
  let out = '';
  let at = 0;
  for (const [start, end, hash] of ranges) {
    out += s.slice(at, start) + tokenLabel(hash);
    at = end;
  }
  return out + s.slice(at);
}
