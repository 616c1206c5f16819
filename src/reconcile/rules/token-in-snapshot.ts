/**
 * A copy of a known bearer token inside an archived snapshot (final.json, final_correction.json).
 * The snapshot's bytes are the legal record and stay exact (job_finals.snapshot_bytes); what was
 * parsed from them is redacted. The finding names the file, the pointers and the token's hash label,
 * never the token, so the operator can rotate it (docs/security.md "Tokens").
 */
import { tokenLabel } from '../../util/token-redact.ts';
import type { Finding, JobRule } from '../finding.ts';
import { finding, SNAPSHOT_KINDS } from './common.ts';

export const tokenInSnapshot: JobRule = (job) => {
  const out: Finding[] = [];
  for (const kind of SNAPSHOT_KINDS) {
    const file = job.snapshots[kind];
    const hits = file?.parsed.redactions ?? [];
    if (!file || hits.length === 0) continue;
    const at = hits.map((h) => ({ pointer: h.pointer, token: tokenLabel(h.sha256) }));
    const tokens = [...new Set(at.map((a) => a.token))];
    out.push(
      finding(job, {
        kind: 'token_in_snapshot',
        values: { file: file.rel, at },
        paths: [file.rel],
        summary:
          `${file.rel} holds a copy of ${tokens.join(', ')} at ${at.map((a) => a.pointer || '/').join(', ')}; ` +
          `the archived bytes are kept as they are: rotate ${tokens.length > 1 ? 'those tokens' : 'that token'}`,
      }),
    );
  }
  return out;
};
