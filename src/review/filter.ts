/**
 * The Findings page's filter as it travels in a query string and in the bulk forms: parsed and checked
 * against the known kinds, severities and statuses (anything else is refused, never passed on), and
 * written back. Without a status the page shows the open findings; `status=` (empty) means any.
 */
import { FINDING_KINDS } from '../reconcile/registry.ts';
import { FINDING_SEVERITIES, FINDING_STATUSES, type FindingFilter } from '../findings/store.ts';

export interface ListQuery {
  kind: string | null;
  severity: string | null;
  status: string | null;
  job: string | null;
  text: string | null;
  page: number;
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

/** Reads a filter from query or form fields; throws BadFilterError naming the field. */
export function parseListQuery(params: Record<string, string | undefined>): ListQuery {
  const page = params.page === undefined || params.page === '' ? 1 : Number(params.page);
  if (!Number.isInteger(page) || page < 1 || page > 1_000_000)
    throw new BadFilterError('page must be a whole number');
  return {
    kind: oneOf('kind', params.kind, FINDING_KINDS),
    severity: oneOf('severity', params.severity, FINDING_SEVERITIES),
    status: params.status === undefined ? 'open' : oneOf('status', params.status, FINDING_STATUSES),
    job: text('job', params.job),
    text: text('text', params.q),
    page,
  };
}

export function toFindingFilter(q: ListQuery): FindingFilter {
  return { kind: q.kind, severity: q.severity, status: q.status, job: q.job, text: q.text };
}

/** The query string of a filter (page 1 unless given), always with a status so "any" survives. */
export function toSearch(q: ListQuery, page = 1): string {
  const params = new URLSearchParams();
  for (const [key, value] of [
    ['kind', q.kind],
    ['severity', q.severity],
    ['job', q.job],
    ['q', q.text],
  ] as const)
    if (value !== null) params.set(key, value);
  params.set('status', q.status ?? '');
  if (page > 1) params.set('page', String(page));
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
