import test from 'ava';
import { parsePreset } from '../../src/query/presets.ts';
import { FETCH_SIZE, runPreset } from '../../src/query/run-preset.ts';
import { useTestDatabase } from '../helpers/db.ts';

// The runner asks for the next page before handing the current one to the sink. These hold it to
// what the sequential runner promised: the sink's own error, a clean session after it, no page
// asked for past --limit or past the end.

const db = useTestDatabase(test);
const SERIES = parsePreset(
  'series',
  `-- numbers\nSELECT n FROM generate_series(1, 2500) n WHERE $1::text IS NULL AND $2::text IS NULL ORDER BY n`,
);

test.serial(
  'a sink that fails while the next page is on its way: its error, and the session is clean afterwards',
  async (t) => {
    const pool = db().pool;
    await t.throwsAsync(
      runPreset(
        pool,
        SERIES,
        {},
        {
          columns: () => {},
          rows: () => {
            throw new Error('disk full');
          },
        },
      ),
      { message: /preset series failed: disk full/ },
    );
    // The pool's session has no transaction or cursor left: the same preset runs again from the start.
    const again: unknown[][] = [];
    t.is(
      await runPreset(pool, SERIES, {}, { columns: () => {}, rows: (rows) => void again.push(...rows) }),
      2500,
    );
    t.deepEqual(again[0], [1]);
    const { rows } = await pool.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
    );
    t.is(rows[0].n, 0);
  },
);

test.serial(
  'pages stay FETCH_SIZE rows, a slow sink sees every row once and in order, --limit is exact',
  async (t) => {
    const pages: number[] = [];
    const seen: number[] = [];
    await runPreset(
      db().pool,
      SERIES,
      { limit: 2 * FETCH_SIZE + 1 },
      {
        columns: () => {},
        rows: async (rows) => {
          pages.push(rows.length);
          await new Promise((resolve) => setTimeout(resolve, 20));
          seen.push(...rows.map((r) => r[0] as number));
        },
      },
    );
    t.deepEqual(pages, [FETCH_SIZE, FETCH_SIZE, 1]);
    t.deepEqual(
      seen,
      Array.from({ length: 2 * FETCH_SIZE + 1 }, (_, i) => i + 1),
    );
  },
);
