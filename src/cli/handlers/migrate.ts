/**
 * `jobmig migrate`: what a DBA needs to apply schema changes by hand. status lists each migration
 * (exit 1 on drift, naming the file), print writes the pending SQL as applyPending would run it, apply
 * runs it. None of them applies anything on the way in (unlike every other command).
 */
import type { MigrateArgs } from '../migrate.ts';
import { CommandError, EXIT } from '../../util/errors.ts';
import { openDatabase } from '../../db/connection.ts';
import {
  migrate,
  migrationStatus,
  type MigrationState,
  pendingMigrations,
  pendingScript,
  SCHEMA_DIR,
} from '../../db/migrate.ts';
import { tableWidth, textTable } from '../../util/terminal.ts';

/** The parsed arguments (see the descriptor, ../migrate.ts, for their options). */

export async function run(args: MigrateArgs): Promise<void> {
  const db = await openDatabase({ databaseUrl: args['database-url'], log: () => {} });
  try {
    if (args.action === 'status') return await status(db.pool, args);
    if (args.action === 'print') {
      process.stdout.write(pendingScript(await pendingMigrations(db.pool, SCHEMA_DIR)));
      return;
    }
    const { applied } = await migrate(db.pool, SCHEMA_DIR);
    const text = applied.length ? `applied ${applied.join(', ')}` : 'nothing pending: no migration applied';
    process.stdout.write(args.json ? `${JSON.stringify({ applied })}\n` : `${text}\n`);
  } finally {
    await db.close();
  }
}

async function status(pool: Parameters<typeof migrationStatus>[0], args: MigrateArgs): Promise<void> {
  const states = await migrationStatus(pool, SCHEMA_DIR);
  process.stdout.write(
    args.json ? `${JSON.stringify(states, null, 2)}\n` : formatStatus(states, tableWidth(args.wide)),
  );
  const drift = states.filter((s) => s.file === 'drift').map((s) => `schema/${s.name}`);
  if (drift.length > 0)
    throw new CommandError(
      `${drift.join(', ')} changed after it was applied (drift): restore the applied file`,
      { exitCode: EXIT.answeredNo },
    );
}

function formatStatus(states: MigrationState[], width: number | undefined): string {
  const head = ['migration', 'state', 'applied at', 'sha256', 'file'];
  const rows = states.map((s) => [
    s.name,
    s.state,
    s.appliedAt?.toISOString() ?? '',
    s.sha256 ?? 'unknown',
    s.file === 'unknown' ? 'unknown (no checksum recorded)' : s.file,
  ]);
  const pending = states.filter((s) => s.state === 'pending').length;
  const table = textTable(head, rows, { width });
  return `${table}\n${states.length - pending} applied, ${pending} pending\n`;
}
