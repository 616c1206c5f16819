/**
 * The Job page: every finding of the job, its key fields as the record and as the current snapshot
 * say them (differences marked), and its rounds with the media placed in each (images inline when
 * they are artifact rows of the job).
 */
import type { StoredFinding } from '../../findings/store.ts';
import type { JobDetail, JobKeys, MediaRow } from '../queries.ts';
import { findingHref, type Html, h, headRow, jobHref } from './html.ts';
import { layout, type PageContext } from './layout.ts';

/** [label, the record's column, the snapshot's column] of job-keys.sql. */
const KEY_FIELDS: [string, string, string][] = [
  ['job id', 'record_job_id', 'snapshot_job_id'],
  ['job number', 'job_number', 'snapshot_job_number'],
  ['round', 'latest_round_id', 'snapshot_round_id'],
  ['customer', 'customer_name', 'snapshot_client'],
  ['tree number', 'tree_number', 'snapshot_tree_number'],
  ['tree species', 'tree_species', 'snapshot_tree_species'],
  ['address', 'address', 'snapshot_address'],
];

function keysTable(k: JobKeys): Html {
  const rows = KEY_FIELDS.map(([label, ours, theirs]) => {
    const a = k[ours] ?? null;
    const b = k[theirs] ?? null;
    const differs = k.snapshot_kind !== null && a !== null && b !== null && a !== b;
    return h`<tr${differs ? h` class="differs"` : ''} data-key="${label}"><th>${label}</th>
<td>${a ?? ''}</td><td>${b ?? ''}</td></tr>`;
  });
  const archived = k.snapshot_kind ? 'archived' : '';
  const status = h`<tr><th>status</th><td>${k.status ?? ''}</td><td>${archived}</td></tr>`;
  return h`<table id="keys"><thead>${headRow(['', 'job_record', k.snapshot_kind ?? 'no snapshot'])}</thead>
<tbody>${rows}${status}</tbody></table>`;
}

function findingsTable(findings: StoredFinding[]): Html {
  if (findings.length === 0) return h`<p class="empty">no findings</p>`;
  const rows = findings.map(
    (f) => h`<tr data-finding="${f.id}"><td><a href="${findingHref(f.id)}"><code>${f.id}</code></a></td>
<td class="sev-${f.severity}">${f.severity}</td><td>${f.kind}</td><td>${f.status}</td>
<td>${f.summary}</td></tr>`,
  );
  const head = headRow(['finding', 'severity', 'kind', 'status', 'summary']);
  return h`<table class="findings"><thead>${head}</thead>
<tbody>${rows}</tbody></table>`;
}

function medium(jobId: string, m: MediaRow): Html {
  const src = `${jobHref(jobId)}/images/${encodeURIComponent(m.media_id!)}`;
  const image = m.servable ? h`<img class="thumb" alt="${m.media_id}" src="${src}">` : '';
  const about = [m.section_id, m.file_path ?? 'no file', m.detail].filter(Boolean).join(' · ');
  return h`<li>${m.medium} <code>${m.media_id}</code> <small>${about}</small>${image}</li>`;
}

const natural = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

function roundsList(jobId: string, media: MediaRow[]): Html {
  const rounds = media.filter((m) => m.medium === null).sort((a, b) => natural(a.round_id!, b.round_id!));
  const placed = (round: string | null): Html[] =>
    media
      .filter((m) => m.medium !== null && m.round_id === round)
      .sort((a, b) => natural(a.media_id!, b.media_id!))
      .map((m) => medium(jobId, m));
  const items = rounds.map((r) => {
    const about = [r.status, r.manifest_items !== null && `${r.manifest_items} manifest item(s)`];
    return h`<li data-round="${r.round_id}"><strong>${r.round_id}</strong>
<small>${about.filter(Boolean).join(' · ')}</small><ul>${placed(r.round_id)}</ul></li>`;
  });
  const unplaced = placed(null);
  if (unplaced.length)
    items.push(h`<li data-round=""><strong>placed in no round</strong><ul>${unplaced}</ul></li>`);
  return items.length ? h`<ul class="rounds">${items}</ul>` : h`<p class="empty">no rounds</p>`;
}

export function jobPage(ctx: PageContext, d: JobDetail): Html {
  const k = d.keys;
  const about = [k.job_number ?? 'no job number', k.status ?? 'no status', `imported from ${k.source}`];
  const body = h`<p class="meta">${about.join(' · ')}</p>
<h2>Findings</h2>${findingsTable(d.findings)}
<h2>Record and snapshot</h2>${keysTable(k)}
<h2>Rounds and media</h2>${roundsList(k.job_id!, d.media)}`;
  return layout(`Job ${k.job_id}`, ctx, body);
}
