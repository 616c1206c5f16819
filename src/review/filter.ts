/**
 * The Findings page's filter as it travels in a query string and in the bulk forms: parsed and checked
 * against the known kinds, severities and statuses (anything else is refused, never passed on), and
 * written back. Without a status the page shows the open findings; `status=` (empty) means any. The
 * view (cause groups or single findings), page size, order and position travel with it, so every link
 * back to the list lands where the reviewer was.
 */
import { FINDING_KINDS } from '../reconcile/registry.ts';
import {
  FINDING_SEVERITIES,
  FINDING_SORTS,
  FINDING_STATUSES,
  type FindingFilter,
  type FindingSort,
} from '../findings/store.ts';

export const VIEWS = ['groups', 'findings'] as const;
export type View = (typeof VIEWS)[number];
export const PAGE_SIZES = [50, 100, 500] as const;
/** The defaults, left out of links: groups, 50 a page, errors first. */
const DEFAULTS = { view: 'groups', size: 50, sort: 'severity' } as const;

export interface ListQuery {
  kind: string | null;
  severity: string | null;
  status: string | null;
  job: string | null;
  text: string | null;
  page: number;
  view: View;
  size: number;
  sort: FindingSort;
  /** The position (from 0) in the whole list of the item a page was opened from, or null. */
  pos: number | null;
}

const MAX_TEXT = 200;

export class BadFilterError extends Error {}

function oneOf(name: string, value: string | undefined, allowed: readonly string[]): string | null {
  if (value === undefined || value === '') return null;
  if (!allowed.includes(value)) throw new BadFilterError(`unknown ${name} "${value}"`);
  return value;
}

function text(name: string, value: string | undefined): string | null {
  const trimmed = (value ?? '').trim();
  if (trimmed.length > MAX_TEXT) throw new BadFilterError(`${name} is longer than ${MAX_TEXT} characters`);
  return trimmed === '' ? null : trimmed;
}

function whole(name: string, value: string | undefined, min: number): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > 10_000_000)
    throw new BadFilterError(`${name} must be a whole number`);
  return n;
}

/** Reads a filter from query or form fields; throws BadFilterError naming the field. */
export function parseListQuery(params: Record<string, string | undefined>): ListQuery {
  const page = whole('page', params.page, 1) ?? 1;
  const size = whole('size', params.size, 1) ?? DEFAULTS.size;
  if (!(PAGE_SIZES as readonly number[]).includes(size))
    throw new BadFilterError(`size must be one of ${PAGE_SIZES.join(', ')}`);
  return {
    view: (oneOf('view', params.view, VIEWS) as View | null) ?? DEFAULTS.view,
    size,
    sort: (oneOf('sort', params.sort, FINDING_SORTS) as FindingSort | null) ?? DEFAULTS.sort,
    pos: whole('pos', params.pos, 0),
    kind: oneOf('kind', params.kind, FINDING_KINDS),
    severity: oneOf('severity', params.severity, FINDING_SEVERITIES),
    status: params.status === undefined ? 'open' : oneOf('status', params.status, FINDING_STATUSES),
    job: text('job', params.job),
    text: text('text', params.q),
    page,
  };
}

export function toFindingFilter(q: ListQuery): FindingFilter {
  return { kind: q.kind, severity: q.severity, status: q.status, job: q.job, text: q.text, sort: q.sort };
}

/** The fields of a filter as they travel (defaults left out; the status always, so "any" survives). */
export function filterParams(q: ListQuery): [string, string][] {
  const out: [string, string][] = [];
  const add = (key: string, value: string | number | null, skip?: string | number): void => {
    if (value !== null && value !== skip) out.push([key, String(value)]);
  };
  add('view', q.view, DEFAULTS.view);
  add('kind', q.kind);
  add('severity', q.severity);
  add('job', q.job);
  add('q', q.text);
  out.push(['status', q.status ?? '']);
  add('sort', q.sort, DEFAULTS.sort);
  add('size', q.size, DEFAULTS.size);
  return out;
}

/** The query string of a filter (page 1 unless given), always with a status so "any" survives. */
export function toSearch(q: ListQuery, page = 1): string {
  const params = new URLSearchParams(filterParams(q));
  if (page > 1) params.set('page', String(page));
  return `?${params.toString()}`;
}

/** The list page and row anchor that show item `pos` of the filter's list. */
export function listHref(q: ListQuery, pos: number | null): string {
  if (pos === null) return `/${toSearch(q, q.page)}`;
  return `/${toSearch(q, Math.floor(pos / q.size) + 1)}#item-${pos}`;
}

/** A page of one item opened from the list (a finding or a group), keeping filter and position. */
export function itemSearch(q: ListQuery, pos: number | null): string {
  const params = new URLSearchParams(filterParams(q));
  if (pos !== null) params.set('pos', String(pos));
  return `?${params.toString()}`;
}

/** The filter in words, e.g. `kind media_unplaced, status open`. */
export function describeQuery(q: ListQuery): string {
  const parts = [
    q.kind && `kind ${q.kind}`,
    q.severity && `severity ${q.severity}`,
    `status ${q.status ?? 'any'}`,
    q.job && `job ${q.job}`,
    q.text && `text "${q.text}"`,
  ];
  return parts.filter(Boolean).join(', ');
}
