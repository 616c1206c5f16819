/**
 * The embedded server's only credential: a random password per data directory, kept in an owner-only
 * (0600) file beside it, used over a Unix socket in an owner-only (0700) folder; no TCP listener.
 * A data directory initialised with LEGACY_PASSWORD (every one before issue 20, and every fresh initdb,
 * so the password never passes through initdb's world-readable temporary file) gets its random password
 * on its first start, and the legacy one stops working.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import pg from 'pg';
import { EMBEDDED_USER, LEGACY_PASSWORD } from './settings.ts';

/** Only local (socket) connections, only with the password: written before every start. */
const PG_HBA =
  '# Written by jobmig: Unix socket only, password required (SCRAM).\nlocal all all scram-sha-256\n';

const passwordFile = (dataDir: string) => `${dataDir}.password`;
/** The password being installed: kept until ALTER ROLE is known to have happened. */
const nextPasswordFile = (dataDir: string) => `${dataDir}.password.next`;

/** The socket folder, owned by the server's OS user (postgres when we are root), mode 0700. */
export async function prepareSocketDir(socketDir: string, dataDir: string): Promise<void> {
  await fs.mkdir(socketDir, { recursive: true, mode: 0o700 });
  const owner = await fs.stat(dataDir).catch(() => null);
  if (owner) await fs.chown(socketDir, owner.uid, owner.gid);
  await fs.chmod(socketDir, 0o700);
}

/** pg_hba.conf with socket-only password lines, owned like the data dir (initdb's allowed TCP too). */
export async function writeHba(dataDir: string): Promise<void> {
  const file = `${dataDir}/pg_hba.conf`;
  if ((await fs.readFile(file, 'utf8').catch(() => '')) === PG_HBA) return;
  const owner = await fs.stat(dataDir);
  await fs.writeFile(file, PG_HBA, { mode: 0o600 });
  await fs.chown(file, owner.uid, owner.gid);
}

async function readSecret(file: string): Promise<string | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  return text?.trim() || undefined;
}

async function writeSecret(file: string, secret: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  await fs.rename(temp, file);
}

/** True when the server accepts `password`; false only when it refuses it (SQLSTATE 28P01 or 28000). */
async function accepts(socketDir: string, port: number, password: string): Promise<boolean> {
  const client = new pg.Client({
    host: socketDir,
    port,
    user: EMBEDDED_USER,
    password,
    database: 'postgres',
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch (err) {
    if (/^28/.test(String((err as { code?: unknown }).code))) return false;
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The data directory's password, installing a random one first if it still has the legacy constant
 * (or an install was interrupted). Runs under the startup lock, on a server only we can reach.
 */
export async function ensurePassword(dataDir: string, socketDir: string, port: number): Promise<string> {
  const current = await readSecret(passwordFile(dataDir));
  if (current && (await accepts(socketDir, port, current))) return current;
  const pending = await readSecret(nextPasswordFile(dataDir));
  if (pending && (await accepts(socketDir, port, pending))) {
    await fs.rename(nextPasswordFile(dataDir), passwordFile(dataDir));
    return pending;
  }
  if (await accepts(socketDir, port, LEGACY_PASSWORD)) return install(dataDir, socketDir, port);
  throw new Error(
    `the PostgreSQL server on ${dataDir} refuses the password in ${passwordFile(dataDir)}:` +
      ' restore that file or start from a new data dir',
  );
}

/** Generate, remember (0600), then set the new password: a crash at any step leaves one that works. */
async function install(dataDir: string, socketDir: string, port: number): Promise<string> {
  const fresh = randomBytes(24).toString('base64url');
  await fs.rm(nextPasswordFile(dataDir), { force: true });
  await writeSecret(nextPasswordFile(dataDir), fresh);
  const client = new pg.Client({
    host: socketDir,
    port,
    user: EMBEDDED_USER,
    password: LEGACY_PASSWORD,
    database: 'postgres',
  });
  client.on('error', () => {});
  await client.connect();
  try {
    // Sent as a SCRAM verifier, never in plain text: a failing statement is quoted in server.log.
    const role = client.escapeIdentifier(EMBEDDED_USER);
    await client.query(`ALTER ROLE ${role} PASSWORD ${client.escapeLiteral(scramVerifier(fresh))}`);
  } finally {
    await client.end().catch(() => {});
  }
  await fs.rename(nextPasswordFile(dataDir), passwordFile(dataDir));
  return fresh;
}

/** The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802/7677, as psql's \\password). */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  const b64 = (b: Buffer) => b.toString('base64');
  return `SCRAM-SHA-256$${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}
