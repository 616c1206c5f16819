/**
 * The final report page: findings per kind and severity, by status, and the complete report (every
 * finding with its values, paths, runs and review, as `jobmig report` writes it) to download.
 */
import type { FindingCount } from '../../findings/store.ts';
import { FINDING_SEVERITIES, FINDING_STATUSES } from '../../findings/store.ts';
import { REPORT_FORMATS } from '../../findings-report/write.ts';
import { h, headRow } from './html.ts';
import { layout, type PageContext } from './layout.ts';

type Line = { kind: string; severity: string; byStatus: Map<string, number>; total: number };

/** One line per kind and severity, most severe first, then by kind. */
function linesOf(counts: FindingCount[]): Line[] {
  const lines = new Map<string, Line>();
  for (const c of counts) {
    const key = `${c.severity}\u0000${c.kind}`;
    const line = lines.get(key) ?? { kind: c.kind, severity: c.severity, byStatus: new Map(), total: 0 };
    line.byStatus.set(c.status, (line.byStatus.get(c.status) ?? 0) + c.count);
    line.total += c.count;
    lines.set(key, line);
  }
  const rank = (s: string): number => (FINDING_SEVERITIES as readonly string[]).indexOf(s);
  return [...lines.values()].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || (a.kind < b.kind ? -1 : 1),
  );
}

export function reportPage(ctx: PageContext, counts: FindingCount[]): ReturnType<typeof layout> {
  const lines = linesOf(counts);
  const rows = lines.map(
    (l) => h`<tr><td>${l.kind}</td><td class="sev-${l.severity}">${l.severity}</td>\
${FINDING_STATUSES.map((s) => h`<td class="num">${l.byStatus.get(s) ?? 0}</td>`)}\
<td class="num">${l.total}</td></tr>`,
  );
  const table = lines.length
    ? h`<table id="report-counts"><thead>${headRow(['kind', 'severity', ...FINDING_STATUSES, 'in all'])}</thead>
<tbody>${rows}</tbody></table>`
    : h`<p class="empty">No findings.</p>`;
  const downloads = REPORT_FORMATS.map(
    (f) => h`<li><a href="/report/report.${f}" download id="download-${f}">report.${f}</a></li>`,
  );
  const body = h`<p>Findings of every status, per kind and severity. The complete report lists every
finding with its values, paths, runs and review, as <code>jobmig report</code> writes it:</p>
<ul id="downloads">${downloads}</ul>
${table}`;
  return layout('Final report', ctx, body);
}
