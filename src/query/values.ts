/**
 * How PostgreSQL values leave a preset, the same in every format: jsonb/json as JSON values,
 * timestamps as ISO-8601 strings, bigint and numeric as strings (never rounded), other integers
 * and floats as numbers.
 */
import pg from 'pg';

const OID = {
  json: 114,
  jsonb: 3802,
  int8: 20,
  numeric: 1700,
  timestamptz: 1184,
  timestamp: 1114,
  date: 1082,
} as const;

/** "2023-06-22 15:05:44.123456+00" -> "2023-06-22T15:05:44.123456Z"; keeps microseconds and the offset. */
export function isoTimestamp(text: string): string {
  const m = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?(?::(\d{2}))?$/.exec(
    text,
  );
  if (!m) return text; // infinity, -infinity, BC dates: kept as PostgreSQL wrote them
  const [, date, time, hours, minutes = '00', seconds] = m;
  if (seconds) return text;
  const offset = hours === '+00' && minutes === '00' ? 'Z' : `${hours}:${minutes}`;
  return `${date}T${time}${offset}`;
}

/** timestamp without time zone: no offset to add. */
export function isoLocalTimestamp(text: string): string {
  return /^\d{4,}-\d{2}-\d{2} \d/.test(text) ? text.replace(' ', 'T') : text;
}

const PARSERS: Record<number, (text: string) => unknown> = {
  [OID.json]: JSON.parse,
  [OID.jsonb]: JSON.parse,
  [OID.int8]: String,
  [OID.numeric]: String,
  [OID.timestamptz]: isoTimestamp,
  [OID.timestamp]: isoLocalTimestamp,
  [OID.date]: String,
};

/** Type parsers for a preset query (pass as `types`), leaving pg's global parsers untouched. */
export const presetTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (text: string) => unknown {
    return (
      PARSERS[oid] ??
      (pg.types.getTypeParser as (oid: number, format?: string) => (text: string) => unknown)(oid, format)
    );
  },
} as unknown as pg.CustomTypesConfig;
