import { createHash } from 'node:crypto';
import test from 'ava';
import { buildReportModel, type ReportInput } from '../../src/findings-report/model.ts';
import { csvColumns, renderCsv } from '../../src/findings-report/render-csv.ts';
import { renderHtml } from '../../src/findings-report/render-html.ts';
import { renderMarkdown } from '../../src/findings-report/render-markdown.ts';
import { reportFormatOf } from '../../src/findings-report/write.ts';
import { csvRecords } from '../helpers/csv.ts';
import { findingRow, sampleInput } from '../helpers/report-rows.ts';

const SCRIPT_TAG = '<script>window.__pwned=1</script>';
const ATTRIBUTE_BREAK = '" onerror="window.__pwned=1';
const IMG_TAG = '<img src=x onerror=window.__pwned=1>';

/** Every field a finding has, holding markup. */
function hostileInput(): ReportInput {
  const input = sampleInput();
  input.findings.push(
    findingRow({
      id: `F${IMG_TAG}`,
      job_id: `job_${ATTRIBUTE_BREAK}`,
      job_number: SCRIPT_TAG,
      kind: `field_mismatch${ATTRIBUTE_BREAK}`,
      summary: `tree_species: job_record ${SCRIPT_TAG}`,
      source_values: { job_record: SCRIPT_TAG, [IMG_TAG]: ATTRIBUTE_BREAK, final: '</script><!--' },
      paths: [`job_x/${IMG_TAG}`],
      status: 'acknowledged',
      review_status: 'acknowledged',
      review_note: ATTRIBUTE_BREAK,
      reviewed_by: IMG_TAG,
      reviewed_at: new Date('2024-05-02T00:00:00Z'),
    }),
  );
  input.runs[0] = { ...input.runs[0]!, jobs_root: `/data/${SCRIPT_TAG}` };
  return input;
}

const ALLOWED_TAGS = new Set([
  '!doctype',
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'header',
  'h1',
  'h2',
  'p',
  'time',
  'code',
  'strong',
  'section',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'div',
  'label',
  'input',
  'select',
  'option',
  'span',
  'main',
  'script',
  'ul',
  'li',
  'br',
]);

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('base64');

test('html: a strict CSP whose hashes match the inline style and script, and nothing loaded from elsewhere', (t) => {
  const html = renderHtml(buildReportModel(sampleInput()));
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/
    .exec(html)?.[1]
    ?.replace(/&#39;/g, "'");
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  t.is(scripts.length, 1);
  t.is(
    csp,
    `default-src 'none'; style-src 'sha256-${sha256(style!)}'; script-src 'sha256-${sha256(scripts[0]!)}'; base-uri 'none'; form-action 'none'`,
  );
  t.notRegex(html, /\b(src|href|action)\s*=|url\(|@import|https?:\/\//i);
  t.notRegex(html, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
});

test('html: summary, one section per kind, a tbody per job, a column per source, and the filter data in row order', (t) => {
  const html = renderHtml(buildReportModel(sampleInput()));
  t.regex(
    html,
    /Generated <time datetime="2024-05-03T12:00:00.000Z">2024-05-03T12:00:00.000Z<\/time> from <code>postgres:\/\/app:\*\*\*@db.example:5432\/jobs<\/code>; findings with status all: <strong>3<\/strong>/,
  );
  t.notRegex(html, /hunter2/);
  t.deepEqual(
    [...html.matchAll(/<section data-kind="([^"]+)">/g)].map((m) => m[1]),
    ['geojson_drift', 'latest_round_mismatch'],
  );
  t.deepEqual(
    [...html.matchAll(/<tbody data-job="([^"]+)">/g)].map((m) => m[1]),
    ['job_a', 'job_a', 'job_b'],
  );
  t.regex(
    html,
    /<th>summary<\/th><th title="source">correction<\/th><th title="source">final<\/th><th title="source">job_record<\/th><th>paths<\/th>/,
  );
  t.regex(
    html,
    /<tr data-row="1"><td><code>F1<\/code><\/td><td class="sev-warning">warning<\/td><td>acknowledged<\/td><td>[^<]*<\/td><td class="value absent"><\/td><td class="value">round_2<\/td><td class="value">round_5<\/td>/,
  );
  t.regex(
    html,
    /<div class="note">known: final is authority<\/div><div class="who">dana 2024-05-02T09:30:00.000Z<\/div>/,
  );
  t.regex(html, /<td class="num" data-shown-by="severity" data-shown-value="error">1<\/td>/);
  t.regex(
    html,
    /<select id="filter-kind"><option value="">all kinds<\/option><option value="geojson_drift">geojson_drift<\/option><option value="latest_round_mismatch">latest_round_mismatch<\/option><\/select>/,
  );
  const data = JSON.parse(
    /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html)![1]!,
  );
  t.deepEqual(
    data.findings.map((f: { kind: string; status: string }) => [f.kind, f.status]),
    [
      ['geojson_drift', 'open'],
      ['latest_round_mismatch', 'acknowledged'],
      ['latest_round_mismatch', 'open'],
    ],
  );
  t.true(data.findings[1].text.includes('known: final is authority'));
  t.is(renderHtml(buildReportModel(sampleInput())), html, 'the same model renders the same bytes');
});

test('html: hostile values are text: no tag or event attribute of theirs, markup shown escaped, data block has no <', (t) => {
  const html = renderHtml(buildReportModel(hostileInput()));
  const tags = [...html.matchAll(/<\/?([!a-z][a-z0-9]*)/gi)].map((m) => m[1]!.toLowerCase());
  t.deepEqual(
    [...new Set(tags)].filter((tag) => !ALLOWED_TAGS.has(tag)),
    [],
  );
  t.is(tags.filter((tag) => tag === 'script').length, 4, 'two script elements, opened and closed');
  // Attribute values are quoted and cannot hold a quote, so what is left outside quotes is markup.
  for (const tag of html.match(/<[a-z][^>]*>/gi)!)
    t.notRegex(tag.replace(/"[^"]*"/g, '""'), /\son[a-z]+\s*=/i, tag);
  t.true(html.includes('&lt;script&gt;window.__pwned=1&lt;/script&gt;'));
  t.true(html.includes('<div class="note">&quot; onerror=&quot;window.__pwned=1</div>'));
  t.true(html.includes('&lt;img src=x onerror=window.__pwned=1&gt;'));
  const block = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
  t.false(block.includes('<'));
  t.true(JSON.parse(block).findings.some((f: { text: string }) => f.text.includes('</script><!--')));
});

test('csv: one row per finding in report order, a value column per source, hostile text kept exactly', (t) => {
  const model = buildReportModel(hostileInput());
  const csv = renderCsv(model);
  t.deepEqual(csvColumns(buildReportModel(sampleInput())), [
    'id',
    'job_id',
    'job_number',
    'kind',
    'severity',
    'status',
    'summary',
    'value:coordinates',
    'value:correction',
    'value:final',
    'value:job_record',
    'value:snapshot',
    'paths',
    'first_run_id',
    'last_run_id',
    'gone_run_id',
    'review_status',
    'review_note',
    'reviewed_by',
    'reviewed_at',
    'decision',
    'note',
  ]);
  const records = csvRecords(csv);
  t.deepEqual(
    records.map((r) => r.id),
    ['F3', `F${IMG_TAG}`, 'F1', 'F2'],
  );
  t.deepEqual(records[2], {
    id: 'F1',
    job_id: 'job_a',
    job_number: 'J0004',
    kind: 'latest_round_mismatch',
    severity: 'warning',
    status: 'acknowledged',
    summary: 'latest_round_mismatch in job_a',
    'value:coordinates': '',
    'value:correction': '',
    'value:final': 'round_2',
    [`value:${IMG_TAG}`]: '',
    'value:job_record': 'round_5',
    'value:snapshot': '',
    paths: 'job_a/job_record.json\njob_a/final.json',
    first_run_id: '1',
    last_run_id: '1',
    gone_run_id: '',
    review_status: 'acknowledged',
    review_note: 'known: final is authority',
    reviewed_by: 'dana',
    reviewed_at: '2024-05-02T09:30:00.000Z',
    decision: '',
    note: '',
  });
  t.is(records[1]!['value:job_record'], SCRIPT_TAG);
  t.is(records[1]![`value:${IMG_TAG}`], ATTRIBUTE_BREAK);
  t.is(records[0]!['value:coordinates'], '{"stored":[-122.68,45.52],"expected":null}');
});

test('csv: a value that a spreadsheet would run as a formula is prefixed with an apostrophe', (t) => {
  const input = sampleInput();
  input.findings = [
    findingRow({
      id: 'F9',
      job_id: 'job_a',
      kind: 'field_mismatch',
      source_values: { job_record: '=1+1', final: -3 },
    }),
  ];
  const [record] = csvRecords(renderCsv(buildReportModel(input)));
  t.is(record!['value:job_record'], "'=1+1");
  t.is(record!['value:final'], '-3');
});

test('markdown: summary tables, a section per kind and a table per job with escaped values', (t) => {
  const md = renderMarkdown(buildReportModel(hostileInput()));
  t.true(
    md.startsWith(
      '# Discrepancy report\n\nGenerated 2024-05-03T12:00:00.000Z from postgres://app:\\*\\*\\*@db.example:5432/jobs; findings with status all: **4**.\n',
    ),
  );
  t.true(
    md.includes('| severity | findings |\n| --- | ---: |\n| error | 1 |\n| warning | 3 |\n| info | 0 |'),
  );
  t.true(
    md.includes(
      '## latest\\_round\\_mismatch (2)\n\n### job\\_a (J0004)\n\n| finding | severity | status | summary | correction | final | job\\_record | paths | runs | review |\n',
    ),
  );
  t.true(
    md.includes(
      '| F1 | warning | acknowledged | latest\\_round\\_mismatch in job\\_a |  | round\\_2 | round\\_5 | job\\_a/job\\_record.json<br>job\\_a/final.json | first 1, last 1 | acknowledged<br>known: final is authority<br>dana 2024-05-02T09:30:00.000Z |',
    ),
  );
  t.true(md.includes('&lt;script&gt;window.\\_\\_pwned=1&lt;/script&gt;'));
  t.false(/<(?!br>)/.test(md), 'no markup but our own line breaks');
  t.notRegex(md, /hunter2/);
});

test('markdown: every row of a table has as many cells as its header', (t) => {
  const md = renderMarkdown(buildReportModel(hostileInput()));
  for (const block of md
    .trimEnd()
    .split('\n\n')
    .filter((b) => b.startsWith('| '))) {
    const widths = block
      .split('\n')
      .map((line) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length);
    t.true(
      widths.every((w) => w === widths[0]),
      block,
    );
  }
});

test('the format comes from the extension; anything else is an error naming the file', (t) => {
  t.is(reportFormatOf('out/report.html'), 'html');
  t.is(reportFormatOf('REPORT.CSV'), 'csv');
  t.is(reportFormatOf('r.md'), 'md');
  t.throws(() => reportFormatOf('report.pdf'), {
    message: 'report file report.pdf must end in .html, .csv, .md (the extension chooses the format)',
  });
  t.throws(() => reportFormatOf('report'), { message: /report file report must end in/ });
});
