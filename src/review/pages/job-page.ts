/**
 * The Job page: every finding of the job, its key fields as the record and as the current snapshot
 * say them (differences marked), and its rounds with the media placed in each (images inline when
 * they are artifact rows of the job).
 */
import type { StoredFinding } from '../../reconcile/store.ts';
import type { JobDetail, JobKeys, MediaRow } from '../queries.ts';
import { type Html, h } from './html.ts';
import { layout, type PageContext } from './layout.ts';

/** [label, the record's column, the snapshot's column] of jobs-keys.sql. */
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
  const snapshot = k.snapshot_kind ?? 'snapshot';
  const rows = KEY_FIELDS.map(([label, ours, theirs]) => {
    const a = k[ours] ?? null;
    const b = k[theirs] ?? null;
    const differs = k.snapshot_kind !== null && a !== null && b !== null && a !== b;
    return h`<tr${differs ? h` class="differs"` : ''} data-key="${label}"><th>${label}</th><td>${a ?? ''}</td>
<td>${b ?? ''}</td></tr>`;
  });
  return h`<table id="keys"><thead><tr><th></th><th>job_record</th><th>${snapshot}</th></tr></thead>
<tbody>${rows}<tr><th>status</th><td>${k.status ?? ''}</td><td>${k.snapshot_kind ? 'archived' : ''}</td></tr></tbody></table>`;
}

function findingsTable(findings: StoredFinding[]): Html {
  if (findings.length === 0) return h`<p class="empty">no findings</p>`;
  const rows = findings.map(
    (
      f,
    ) => h`<tr data-finding="${f.id}"><td><a href="/findings/${encodeURIComponent(f.id)}"><code>${f.id}</code></a></td>
<td class="sev-${f.severity}">${f.severity}</td><td>${f.kind}</td><td>${f.status}</td><td>${f.summary}</td></tr>`,
  );
  return h`<table class="findings"><thead><tr><th>finding</th><th>severity</th><th>kind</th><th>status</th>
<th>summary</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function medium(jobId: string, m: MediaRow): Html {
  const image = m.servable
    ? h`<img class="thumb" alt="${m.media_id}" src="/jobs/${encodeURIComponent(jobId)}/images/${encodeURIComponent(m.media_id!)}">`
    : '';
  return h`<li>${m.medium} <code>${m.media_id}</code> <small>${m.section_id} · ${m.file_path ?? 'no file'}${m.detail ? ` · ${m.detail}` : ''}</small>${image}</li>`;
}

function roundsList(jobId: string, media: MediaRow[]): Html {
  const rounds = media.filter((m) => m.medium === null);
  const natural = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
  rounds.sort((a, b) => natural(a.round_id!, b.round_id!));
  const placed = (round: string | null): MediaRow[] =>
    media
      .filter((m) => m.medium !== null && m.round_id === round)
      .sort((a, b) => natural(a.media_id!, b.media_id!));
  const items = rounds.map(
    (
      r,
    ) => h`<li data-round="${r.round_id}"><strong>${r.round_id}</strong> <small>${r.status ?? ''}${r.manifest_items !== null ? ` · ${r.manifest_items} manifest item(s)` : ''}</small>
<ul>${placed(r.round_id).map((m) => medium(jobId, m))}</ul></li>`,
  );
  const unplaced = placed(null);
  if (unplaced.length)
    items.push(
      h`<li data-round=""><strong>placed in no round</strong><ul>${unplaced.map((m) => medium(jobId, m))}</ul></li>`,
    );
  return items.length ? h`<ul class="rounds">${items}</ul>` : h`<p class="empty">no rounds</p>`;
}

export function jobPage(ctx: PageContext, d: JobDetail): Html {
  const k = d.keys;
  const body = h`<p class="meta">${k.job_number ?? 'no job number'} · ${k.status ?? 'no status'} · imported from ${k.source}</p>
<h2>Findings</h2>${findingsTable(d.findings)}
<h2>Record and snapshot</h2>${keysTable(k)}
<h2>Rounds and media</h2>${roundsList(k.job_id!, d.media)}`;
  return layout(`Job ${k.job_id}`, ctx, body);
}
