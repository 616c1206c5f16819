/**
 * A cause group's page: every member side by side (job, job number, the values each source gives,
 * links to the job and to the finding), the other folders of a duplicate job number linked, and one
 * decision for the whole group.
 */
import type { ListQuery } from '../filter.ts';
import type { GroupMember } from '../list-queries.ts';
import { displayValue, findingHref, type Html, h, headRow, jobHref } from './html.ts';
import { decisionForm, itemNav, type Neighbours } from './item-nav.ts';
import { layout, type PageContext } from './layout.ts';

function folders(values: Record<string, unknown>): Html {
  const list = values.job_folders;
  if (!Array.isArray(list)) return h``;
  return h`<ul class="inline">${list.map((j) => h`<li><a href="${jobHref(String(j))}">${String(j)}</a></li>`)}</ul>`;
}

function membersTable(members: GroupMember[]): Html {
  const sources = [...new Set(members.flatMap((m) => Object.keys(m.source_values)))];
  const rows = members.map(
    (m) => h`<tr data-member="${m.id}"><td><a href="${jobHref(m.job_id)}">${m.job_id}</a></td>
<td>${m.job_number ?? ''}</td><td>${m.status}</td>
${sources.map((s) => h`<td data-source="${s}">${s === 'job_folders' ? folders(m.source_values) : displayValue(m.source_values[s] ?? null)}</td>`)}
<td><a href="${findingHref(m.id)}"><code>${m.id}</code></a></td></tr>`,
  );
  return h`<table class="members" id="members"><thead>${headRow(['job', 'job number', 'status', ...sources, 'finding'])}</thead>
<tbody>${rows}</tbody></table>`;
}

export function groupPage(
  ctx: PageContext,
  q: ListQuery,
  groupId: string,
  members: GroupMember[],
  nav: Neighbours,
  notes: string[],
): Html {
  const first = members[0]!;
  const jobs = new Set(members.map((m) => m.job_id)).size;
  const what = `all ${members.length} finding(s) of this group`;
  const body = h`${itemNav(q, nav)}
<p class="meta"><span class="sev-${first.severity}">${first.severity}</span> · ${first.kind} ·
<strong id="member-count">${members.length}</strong> finding(s) in ${jobs} job(s) share one cause:
<code id="cause">${groupId}</code></p>
<p class="summary">${first.summary}</p>
<h2>Members</h2>${membersTable(members)}
<h2>Decide</h2>${decisionForm(ctx, `/groups/${encodeURIComponent(groupId)}/decide`, q, notes, what)}`;
  return layout(`Group ${groupId}`, ctx, body);
}
