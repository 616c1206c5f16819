/** What the review app's routes are given: the database, the jobs root, who reviews, the secrets. */
import type pg from 'pg';
import type { JobsRoot } from '../files/jobs-root.ts';
import type { Secrets } from './auth.ts';

export interface ReviewDeps {
  pool: pg.Pool;
  root: JobsRoot | null;
  /** --reviewer: every decision is recorded as this name; null: the page asks once. */
  reviewer: string | null;
  secrets: Secrets;
  /** The port the server listens on (known once it listens). */
  port: () => number;
  /** http://ADDRESS:PORT, the only origin and Host the app answers (known once it listens). */
  origin: () => string;
  log: (line: string) => void;
}
