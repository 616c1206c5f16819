/**
 * The registry of `jobmig` commands: each declaration (`src/cli/<name>.ts`, defineCommand) with its
 * handler module (`src/cli/handlers/<name>.ts`), imported only when the command runs. Here the
 * compiler checks each handler's `run` against the arguments its declaration gives. To add a
 * command: write both files and add a line here.
 */
import { lazyCommand, type RegisteredCommand } from './command.ts';
import { correctionCommand } from './correction.ts';
import { findingsCommand } from './findings.ts';
import { importCommand } from './import.ts';
import { migrateCommand } from './migrate.ts';
import { pruneCommand } from './prune.ts';
import { queryCommand } from './query.ts';
import { regenerateCommand } from './regenerate.ts';
import { reportCommand } from './report.ts';
import { reviewCommand } from './review.ts';
import { runsCommand } from './runs.ts';
import { snapshotCommand } from './snapshot.ts';
import { verifyCommand } from './verify.ts';

export const COMMANDS: readonly RegisteredCommand[] = [
  lazyCommand(importCommand, () => import('./handlers/import.ts')),
  lazyCommand(findingsCommand, () => import('./handlers/findings.ts')),
  lazyCommand(queryCommand, () => import('./handlers/query.ts')),
  lazyCommand(verifyCommand, () => import('./handlers/verify.ts')),
  lazyCommand(reportCommand, () => import('./handlers/report.ts')),
  lazyCommand(correctionCommand, () => import('./handlers/correction.ts')),
  lazyCommand(regenerateCommand, () => import('./handlers/regenerate.ts')),
  lazyCommand(snapshotCommand, () => import('./handlers/snapshot.ts')),
  lazyCommand(pruneCommand, () => import('./handlers/prune.ts')),
  lazyCommand(reviewCommand, () => import('./handlers/review.ts')),
  lazyCommand(runsCommand, () => import('./handlers/runs.ts')),
  lazyCommand(migrateCommand, () => import('./handlers/migrate.ts')),
];
