/**
 * The Finding page: each source's value side by side, the files involved (JSON pretty with the
 * disagreeing fields marked, images inline, others as downloads; only artifact rows of the finding's
 * job are served), the runs that first and last saw it, its review history, and the decision form.
 */
import type { StoredFinding } from '../../findings/store.ts';
import type { ListQuery } from '../filter.ts';
import type { FindingDetail } from '../queries.ts';
import { displayValue, findingHref, type Html, h, headRow, jobHref, when } from './html.ts';
import { decisionForm, itemNav, type Neighbours } from './item-nav.ts';
import { highlighter, jsonView } from './json-view.ts';
import { layout, type PageContext } from './layout.ts';

/** What the page shows for path number `n` of the finding. */
export interface FileView {
  n: number;
  path: string;
  /** An artifact row of the job: servable at /findings/:id/files/:n. */
  artifact: { kind: string; size: string } | null;
  /** Pretty JSON (from the file, or job_record.json from the database), or why it is not shown. */
  json: { value: unknown; from: string } | { reason: string } | null;
  image: boolean;
}

function valuesTable(f: StoredFinding): Html {
  const entries = Object.entries(f.source_values);
  const cells = entries.map(([s, v]) => h`<td data-source="${s}">${displayValue(v)}</td>`);
  return h`<table class="values" id="values"><thead>${headRow(entries.map(([s]) => s))}</thead>
<tbody><tr>${cells}</tr></tbody></table>`;
}

function fileBlock(f: StoredFinding, file: FileView): Html {
  const href = `${findingHref(f.id)}/files/${file.n}`;
  // A bare folder name (a duplicate job number's other folders) is a job: link its page.
  const head = file.artifact
    ? h`<a href="${href}">${file.path}</a> <small>${file.artifact.kind}, ${file.artifact.size} bytes</small>`
    : !file.path.includes('/')
      ? h`job folder <a href="${jobHref(file.path)}" class="folder">${file.path}</a>`
      : h`${file.path} <small>not an artifact row of this job: not served</small>`;
  let content: Html | string = '';
  if (file.image) content = h`<img src="${href}" alt="${file.path}" class="inline">`;
  else if (file.json && 'value' in file.json) {
    const view = jsonView(file.json.value, highlighter(f.source_values));
    content = h`<p class="from">${file.json.from}</p>${view}`;
  } else if (file.json) content = h`<p class="empty">not shown: ${file.json.reason}</p>`;
  return h`<li class="file" data-path="${file.path}">${head}${content}</li>`;
}

function historyTable(d: FindingDetail): Html {
  if (d.history.length === 0) return h`<p class="empty">no decisions yet</p>`;
  const rows = d.history.map(
    (e) =>
      h`<tr><td>${when(e.created_at)}</td><td>${e.reviewed_by ?? ''}</td><td>${e.review_status ?? ''}</td>
<td class="note">${e.note ?? ''}</td><td>${e.via ?? ''}</td></tr>`,
  );
  return h`<table id="history"><thead>${headRow(['when', 'who', 'status', 'note', 'via'])}</thead>
<tbody>${rows}</tbody></table>`;
}

function runsList(d: FindingDetail): Html {
  const f = d.finding;
  const label = (id: string): string => {
    const run = d.runs.find((r) => r.id === id);
    return run ? `run ${id} (${when(run.started_at)}, ${run.status})` : `run ${id}`;
  };
  const gone = f.gone_run_id ? h`<li>gone in ${label(f.gone_run_id)}</li>` : '';
  return h`<ul class="plain" id="runs"><li>first seen in ${label(f.first_run_id)}</li>
<li>last seen in ${label(f.last_run_id)}</li>${gone}</ul>`;
}

export interface FindingNav {
  q: ListQuery;
  nav: Neighbours;
  notes: string[];
}

export function findingPage(ctx: PageContext, d: FindingDetail, files: FileView[], n: FindingNav): Html {
  const f = d.finding;
  const note = f.review_note ? h`: <q class="note">${f.review_note}</q>` : '';
  const review = f.reviewed_by ? h` by ${f.reviewed_by} at ${when(f.reviewed_at)}${note}` : '';
  const number = f.job_number ? ` (${f.job_number})` : '';
  const form = decisionForm(ctx, `${findingHref(f.id)}/decide`, n.q, n.notes, 'this finding');
  const body = h`${itemNav(n.q, n.nav)}
<p class="meta"><span class="sev-${f.severity}">${f.severity}</span> · ${f.kind} ·
status <strong id="status">${f.status}</strong>${review}</p>
<p>Job <a href="${jobHref(f.job_id)}" id="job-link">${f.job_id}</a>${number}</p>
<p class="summary" id="summary">${f.summary}</p>
<h2>Values</h2>${valuesTable(f)}
<h2>Files</h2><ul class="plain files">${files.map((file) => fileBlock(f, file))}</ul>
<h2>Runs</h2>${runsList(d)}
<h2>Review</h2>${form}${historyTable(d)}`;
  return layout(`Finding ${f.id}`, ctx, body);
}
