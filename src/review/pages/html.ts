/**
 * Helpers for the review pages: values, times and links as the pages show them. Markup is built with
 * `h` (src/util/html.ts), which escapes every interpolation.
 */
import { type Html, h } from '../../util/html.ts';

export { h, Html } from '../../util/html.ts';

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
