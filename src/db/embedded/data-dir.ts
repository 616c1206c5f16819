/**
 * The data directory: initdb into a scratch directory renamed into place, and the server.log beside it
 * (kept short in memory so a failed start can name its reason).
 */
import { createWriteStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadEmbeddedPostgres, newInstance } from './binaries.ts';
import { oneLine } from './settings.ts';

export async function initialise(dataDir: string, log: (line: string) => void): Promise<void> {
  if (existsSync(dataDir) && (await fs.readdir(dataDir)).length > 0) {
    throw new Error(
      `${dataDir} is not empty but has no PG_VERSION, so it is not a PostgreSQL data directory; move it away`,
    );
  }
  await removeScratchLeftovers(dataDir);
  const scratch = `${dataDir}.init-${process.pid}`;
  log(`initialising a new PostgreSQL cluster in ${dataDir}`);
  const serverLog = openServerLog(dataDir);
  try {
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    await newInstance(EmbeddedPostgres, scratch, 0, serverLog.write).initialise();
    await fs.rename(scratch, dataDir);
  } catch (err) {
    await fs.rm(scratch, { recursive: true, force: true });
    throw new Error(
      `initdb for ${dataDir} failed: ${oneLine((err as Error).message)} (see ${serverLog.path})`,
      { cause: err },
    );
  } finally {
    serverLog.close();
  }
}

/**
 * initdb runs in a scratch dir renamed into place, so a process killed
 * mid-initdb cannot leave a half-initialised dataDir behind. Leftovers are
 * safe to delete: we hold the startup lock.
 */
async function removeScratchLeftovers(dataDir: string): Promise<void> {
  const prefix = `${path.basename(dataDir)}.init-`;
  for (const name of await fs.readdir(path.dirname(dataDir))) {
    if (name.startsWith(prefix))
      await fs.rm(path.join(path.dirname(dataDir), name), { recursive: true, force: true });
  }
}

export type ServerLog = ReturnType<typeof openServerLog>;

export function openServerLog(dataDir: string) {
  const logPath = path.join(path.dirname(dataDir), 'server.log');
  const stream = createWriteStream(logPath, { flags: 'a' });
  stream.on('error', () => {}); // losing log lines must not take the process down
  const recent: string[] = [];
  return {
    path: logPath,
    write: (chunk: string) => {
      if (!stream.writableEnded) stream.write(chunk);
      recent.push(...chunk.split('\n').filter(Boolean));
      recent.splice(0, Math.max(0, recent.length - 50));
    },
    lastProblem: () => recent.filter((l) => /\b(fatal|panic|error)\b/i.test(l)).at(-1),
    close: () => stream.end(),
  };
}
