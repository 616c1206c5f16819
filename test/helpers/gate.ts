/**
 * A gate that stops an import at an exact point: a trigger makes the insert of one chosen row wait on
 * an advisory lock the test holds. The importer is then provably mid-transaction, so a test can cut
 * its connection or kill it there, without timing anything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type pg from 'pg';
import { CLI } from './cli.ts';

const GATE_LOCK = 4242;

/** Tables whose rows carry job_id and that every imported job writes to. */
export const GATEABLE_TABLES = ['jobs', 'job_rounds', 'artifacts', 'job_events'] as const;
export type GateableTable = (typeof GATEABLE_TABLES)[number];

export interface Gate {
  /** Stop at the insert of `jobId`'s first row into `table` (until release). */
  arm(table: GateableTable, jobId: string): Promise<void>;
  /** The backend pid of `appName` once it waits at the gate; throws if `child` exits first. */
  waitUntilBlocked(appName: string, child: ChildProcess): Promise<number>;
  /** Disarm and let whatever waits go on. */
  release(): Promise<void>;
}

export async function installGate(pool: pg.Pool): Promise<Gate> {
  await pool.query(`
    CREATE TABLE hostile_gate (tbl text NOT NULL, job_id text NOT NULL);
    CREATE FUNCTION hostile_gate_wait() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM hostile_gate g WHERE g.tbl = TG_TABLE_NAME AND g.job_id = NEW.job_id) THEN
        PERFORM pg_advisory_xact_lock(${GATE_LOCK});
      END IF;
      RETURN NEW;
    END $$;`);
  for (const table of GATEABLE_TABLES) {
    await pool.query(
      `CREATE TRIGGER hostile_gate BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION hostile_gate_wait()`,
    );
  }
  let holder: pg.PoolClient | undefined;
  return {
    async arm(table, jobId) {
      holder = await pool.connect();
      await holder.query('SELECT pg_advisory_lock($1)', [GATE_LOCK]);
      await pool.query('INSERT INTO hostile_gate (tbl, job_id) VALUES ($1, $2)', [table, jobId]);
    },
    async waitUntilBlocked(appName, child) {
      for (;;) {
        if (child.exitCode !== null)
          throw new Error(`the import exited (${child.exitCode}) before reaching the gate`);
        const { rows } = await pool.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock' AND wait_event = 'advisory'",
          [appName],
        );
        if (rows[0]) return rows[0].pid;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async release() {
      // Deleting the row (not dropping the trigger) takes no lock the waiting backend holds.
      await pool.query('DELETE FROM hostile_gate');
      if (holder) {
        await holder.query('SELECT pg_advisory_unlock($1)', [GATE_LOCK]);
        holder.release();
        holder = undefined;
      }
    },
  };
}

export interface ImportProcess {
  child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout: () => string;
  /** Everything written to stderr so far. */
  stderr: () => string;
  /** Exit code (or signal) and everything written to stderr. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** `jobmig import` in a child process, its connections named `appName` (PGAPPNAME). */
export function startImport(
  root: string,
  databaseUrl: string,
  appName: string,
  args: string[] = [],
): ImportProcess {
  const child = spawn(process.execPath, [...CLI, 'import', root, '--database-url', databaseUrl, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PGAPPNAME: appName, DATABASE_URL: '' },
  });
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.once('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}
