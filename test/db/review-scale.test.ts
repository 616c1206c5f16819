/**
 * The Findings page at the size of the 20,000-job store (about 5,000 findings): 6,000 findings seeded
 * by SQL, then the first page, its counts, paging and a text filter, timed through the real server.
 */
import test from 'ava';
import { startReviewServer } from '../../src/review/server.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { request } from '../helpers/http.ts';

const db = useTestDatabase(test);
const JOBS = 1500;
const PER_JOB = 4;

/** 1,500 jobs with four findings each: kinds and severities spread, the findings of one job in five acknowledged. */
const SEED = `
INSERT INTO import_runs (jobs_root, options, lock_key, status) VALUES ('/nowhere', '{}', 'import', 'completed');
INSERT INTO jobs (job_id, job_number, source, fingerprint, content_sha256, first_run_id, last_run_id)
SELECT 'job_' || lpad(n::text, 12, '0'), 'J' || lpad(n::text, 5, '0'), 'record', 'f', 'c', 1, 1
FROM generate_series(1, ${JOBS}) AS n;
INSERT INTO reconciliation (job_id, id, kind, severity, summary, source_values, paths, first_run_id,
                            last_run_id, review_status)
SELECT 'job_' || lpad(n::text, 12, '0'), 'F' || lpad((n * 10 + k)::text, 15, '0'),
       (ARRAY['latest_round_mismatch', 'media_unplaced', 'geojson_drift', 'path_outside_job'])[k],
       (ARRAY['warning', 'warning', 'error', 'info'])[k],
       'finding ' || k || ' of job ' || n, jsonb_build_object('job_record', 'round_' || n, 'final', 'round_1'),
       jsonb_build_array('job_' || lpad(n::text, 12, '0') || '/job_record.json'), 1, 1,
       CASE WHEN n % 5 = 0 THEN 'acknowledged' ELSE 'open' END
FROM generate_series(1, ${JOBS}) AS n, generate_series(1, ${PER_JOB}) AS k;
ANALYZE reconciliation;
ANALYZE jobs;
`;

test('the first Findings page with 6,000 findings comes well under a second', async (t) => {
  await db().pool.query(SEED);
  const server = await startReviewServer({ pool: db().pool, jobsRoot: null, log: () => {} });
  t.teardown(() => server.close());
  const first = await request(server.url);
  const cookie = String(first.headers['set-cookie']?.[0]).split(';')[0]!;
  const base = server.url.replace(/\?.*/, '');
  const timed = async (path: string): Promise<{ ms: number; text: string }> => {
    const start = performance.now();
    const page = await request(`${base}${path}`, { headers: { cookie } });
    t.is(page.status, 200, path);
    return { ms: performance.now() - start, text: page.text };
  };
  const cold = await timed('?view=findings');
  const warm = [await timed('?view=findings'), await timed(''), await timed('')].map((r) => r.ms);
  const best = Math.min(...warm);
  t.log(`first page of 6,000 findings: ${cold.ms.toFixed(0)} ms cold, best warm ${best.toFixed(0)} ms`);
  t.true(best < 1000, `${best} ms`);

  t.regex(cold.text, /<strong id="total">4800<\/strong>/);
  t.regex(cold.text, /data-count-status="open">4800</);
  t.regex(cold.text, /data-count-severity="error">1200</);
  t.is(cold.text.match(/<tr data-item="\d+" data-finding=/g)?.length, 50);
  t.regex(cold.text, /page <span id="page">1<\/span> of 96/);
  t.regex(cold.text, /<td class="sev-error">error<\/td><td>geojson_drift<\/td>/);

  // Cause groups (the default view): the 1,200 media_unplaced share one path pattern; the rest are
  // groups of one.
  const groups = await timed('?size=500');
  t.is(groups.text.match(/<tr data-item=/g)?.length, 500);
  t.regex(groups.text, /in\s+<strong id="items">3601<\/strong> cause group/);

  const all = await timed('?view=findings&status=&page=120');
  t.is(all.text.match(/<tr data-item="\d+" data-finding=/g)?.length, 50);
  t.regex(all.text, /<td class="sev-info">info<\/td>/);
  const text = await timed('?view=findings&status=&q=finding+j01234');
  t.log(`text filter: ${text.ms.toFixed(0)} ms`);
  t.regex(text.text, /<strong id="total">4<\/strong>/);
});
