/** Process checks: is a pid alive, is it really a postgres (pids get reused), and signalling one. */
import fs from 'node:fs/promises';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function isPostgresProcess(pid: number): Promise<boolean> {
  if (pid === process.pid || !isAlive(pid)) return false;
  try {
    // Pids get reused (notably in containers, where they restart from 1), so
    // a live pid alone does not prove the postmaster survived.
    return (await fs.readFile(`/proc/${pid}/comm`, 'utf8')).trim() === 'postgres';
  } catch {
    return true; // no procfs (macOS): trust the pid
  }
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
