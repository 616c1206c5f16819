/**
 * Escape-by-default HTML templates: every interpolated value is text (the report's escapeHtml)
 * unless it is itself an Html fragment built by this tag. Arrays are joined; null, undefined and false
 * render nothing. No page builds markup any other way.
 */
import { escapeHtml } from '../../report/escape.ts';

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

function render(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** A finding value as the report shows it: text as written, null as (none), else compact JSON. */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return '(none)';
  return JSON.stringify(value) ?? String(value);
}

/** An ISO time in UTC to the second, or empty. */
export function when(at: Date | string | null): string {
  if (at === null) return '';
  return new Date(at)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

export const findingHref = (id: string): string => `/findings/${encodeURIComponent(id)}`;
export const jobHref = (jobId: string): string => `/jobs/${encodeURIComponent(jobId)}`;

/** A table row of header cells. */
export const headRow = (names: string[]): Html => h`<tr>${names.map((n) => h`<th>${n}</th>`)}</tr>`;
