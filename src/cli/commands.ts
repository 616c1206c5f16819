/**
 * The registry of `jobmig` commands: one light descriptor each (`src/cli/<name>.ts`, built with
 * lazyCommand), whose handler module (`src/cli/handlers/<name>.ts`) is imported only when it runs.
 * To add a command: write both files and add its descriptor here.
 */
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

export const COMMANDS = [
  importCommand,
  findingsCommand,
  queryCommand,
  verifyCommand,
  reportCommand,
  correctionCommand,
  regenerateCommand,
  snapshotCommand,
  pruneCommand,
  reviewCommand,
  runsCommand,
  migrateCommand,
];
