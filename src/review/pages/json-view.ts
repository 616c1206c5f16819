/**
 * JSON shown pretty in a page, with the fields a finding disagrees about highlighted: a leaf whose key
 * is the finding's `field`, or whose value equals one of the finding's source values. Escaped like
 * every page value; nesting past MAX_DEPTH is elided rather than recursed into.
 */
import { type Html, h } from './html.ts';

const MAX_DEPTH = 64;

/** The rule for one finding: its source values (as text) and its `field`, if it names one. */
export function highlighter(sourceValues: Record<string, unknown>): (key: string, leaf: unknown) => boolean {
  const values = new Set(
    Object.values(sourceValues)
      .filter((v) => (typeof v === 'string' && v !== '') || typeof v === 'number')
      .map(String),
  );
  const field = typeof sourceValues.field === 'string' ? sourceValues.field : null;
  return (key, leaf) =>
    key === field || ((typeof leaf === 'string' || typeof leaf === 'number') && values.has(String(leaf)));
}

export function jsonView(value: unknown, marks: (key: string, leaf: unknown) => boolean): Html {
  return h`<pre class="json">${node(value, '', 0, marks)}</pre>`;
}

function node(
  value: unknown,
  key: string,
  depth: number,
  marks: (key: string, leaf: unknown) => boolean,
): Html {
  const pad = '  '.repeat(depth);
  if (depth >= MAX_DEPTH) return h`<span class="elided">…</span>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return h`[]`;
    const items = value.map(
      (v, i) => h`${pad}  ${node(v, key, depth + 1, marks)}${comma(i, value.length)}\n`,
    );
    return h`[\n${items}${pad}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return h`{}`;
    const items = entries.map(([k, v], i) => {
      const key = h`<span class="key">${JSON.stringify(k)}</span>`;
      return h`${pad}  ${key}: ${node(v, k, depth + 1, marks)}${comma(i, entries.length)}\n`;
    });
    return h`{\n${items}${pad}}`;
  }
  const text = JSON.stringify(value) ?? String(value);
  return marks(key, value) ? h`<mark>${text}</mark>` : h`<span class="leaf">${text}</span>`;
}

const comma = (i: number, n: number): string => (i < n - 1 ? ',' : '');
