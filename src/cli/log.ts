/**
 * What a long-running command (import --watch) tells its operator on stderr: human lines by default,
 * or with --log-format json one JSON object per line (pino) for journald and log shippers. Every
 * message and string field is redacted first (passwords of the database URLs, any URL's userinfo)
 * and, in text, escaped: neither format can carry a secret or a raw control character.
 */
import { redactSecrets } from '../db/redact.ts';
import { escapeControl } from '../util/terminal.ts';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type LogFields = Record<string, string | number | boolean | null>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Human format only: the line already went to stdout, so text logs nothing. */
  event(message: string, fields?: LogFields): void;
}

/** The URLs whose passwords must never be written: the environment's and the command line's. */
function secretUrls(): string[] {
  return [process.env.DATABASE_URL, ...process.argv].filter((s): s is string => !!s && /:\/\//.test(s));
}

function redactFields(fields: LogFields, urls: string[]): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields))
    out[key] = typeof value === 'string' ? redactSecrets(value, urls) : value;
  return out;
}

export async function createLogger(format: LogFormat): Promise<Logger> {
  const urls = secretUrls();
  if (format === 'text') {
    const line = (message: string) =>
      void process.stderr.write(`jobmig: ${escapeControl(redactSecrets(message, urls))}\n`);
    return { info: line, error: line, event: () => {} };
  }
  const { pino } = await import('pino');
  // Synchronous writes to fd 2: a line is out before a signal ends the process.
  const log = pino({ base: { pid: process.pid }, name: 'jobmig' }, pino.destination({ fd: 2, sync: true }));
  const at =
    (level: 'info' | 'error') =>
    (message: string, fields: LogFields = {}) =>
      log[level](redactFields(fields, urls), redactSecrets(message, urls));
  return { info: at('info'), error: at('error'), event: at('info') };
}
