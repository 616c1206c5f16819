/**
 * A job's rounds: each round's manifest.json (what the client uploaded) and review.json (what the
 * server returned: transcripts, form, narrative), an empty review where a broken file is planted.
 */
import type { FormPlan, Written } from './job-form.ts';
import { addFile, type JobContext, json, type Recording } from './job-context.ts';
import type { Media } from './job-media.ts';
import { narrativeText } from './transcripts.ts';
import { iso } from './util.ts';
import { INTERVALS, RECORDING_SECTIONS } from './vocabulary.ts';

/** The forms of every round, reviewed or not, in round order (finals copy one of them). */
export type RoundForms = ReturnType<FormPlan['build']>[];

export function writeRounds(ctx: JobContext, media: Media, forms: FormPlan, written: Written): RoundForms {
  const { r, sk, roundIds } = ctx;
  const emptyReviewRound =
    sk.brokenShape === 'empty_review'
      ? r.pick(sk.reviewed.map((v, k) => (v ? k : -1)).filter((k) => k >= 0))
      : -1;
  const reviewForms: RoundForms = [];
  for (let k = 0; k < roundIds.length; k++) {
    const rid = roundIds[k]!;
    ctx.dirs.add(`rounds/${rid}`);
    const items = manifestItems(ctx, media, k);
    addFile(ctx, `rounds/${rid}/manifest.json`, 'manifest_json', json(items), media.uploadClock[k]! + 5);
    const form = forms.build(k, forms.rating, r.pick(INTERVALS));
    reviewForms.push(form);
    if (!sk.reviewed[k]) continue;
    const review = k === emptyReviewRound ? '' : json(reviewOf(ctx, media, forms, written, k, form));
    addFile(ctx, `rounds/${rid}/review.json`, 'review_json', review, media.reviewTime[k]!);
  }
  return reviewForms;
}

function manifestItems(ctx: JobContext, media: Media, k: number): Record<string, unknown>[] {
  const { r } = ctx;
  const { recordings, images } = media;
  const items: Record<string, unknown>[] = [];
  const manifestRecs = recordings.filter((x) => x.round === k && x.inManifest);
  const manifestImgs = images.filter((x) => x.round === k && x.inManifest);
  // Some clients re-sent the earlier uploads with every round.
  const repeats =
    k > 0 && r.chance(0.15)
      ? recordings.filter((x) => x.round < k && x.inManifest).slice(0, r.int(1, 3))
      : [];
  for (const rec of [...repeats, ...manifestRecs]) {
    items.push({
      artifact_id: rec.id,
      section_id: rec.section,
      client_order: items.length,
      kind: 'recording',
      issue_id: null,
      recorded_at: r.chance(0.9) ? iso(rec.uploadedAt - r.int(5, 90)) : null,
    });
  }
  for (const img of manifestImgs) {
    items.push({
      artifact_id: img.id,
      section_id: 'job_photos',
      client_order: items.length,
      kind: 'image',
      issue_id: null,
      recorded_at: null,
    });
  }
  return items;
}

function reviewOf(
  ctx: JobContext,
  media: Media,
  forms: FormPlan,
  written: Written,
  k: number,
  form: RoundForms[number],
) {
  const { r, sk, roundIds, tree } = ctx;
  const { recordings, images } = media;
  const failed = sk.status === 'FAILED' && k === ctx.lastRound;
  const at = transcriptsAt(recordings, k);
  const failures = recordings
    .filter((x) => x.round === k && x.failed && x.inReview)
    .map((x) => ({
      recording_id: x.id,
      section_id: x.section,
      error: x.hasAudio ? 'ffprobe: Invalid data found when processing input' : 'audio file missing',
    }));
  return {
    round_id: roundIds[k]!,
    server_revision_id: `srv-rev-${sk.jobNumber.slice(1)}-${sk.roundNums[k]}`,
    ...(r.chance(0.9) ? { status: failed ? 'FAILED' : 'REVIEW_RETURNED' } : {}),
    transcript: failed ? '' : at.transcript,
    section_recordings: at.sectionRecordings,
    section_transcripts: failed ? {} : at.sectionTranscripts,
    issue_recordings: {},
    issue_transcripts: {},
    draft_form: null,
    draft_narrative: null,
    form: failed ? null : { schema_name: 'traq', schema_version: forms.formVersion, data: form },
    narrative: failed
      ? null
      : { text: narrativeText(r, tree, forms.rating, form.recommended_inspection_interval.text) },
    tree_number: failed ? null : written.treeNumber,
    images: images
      .filter((x) => x.round <= k && x.inReview)
      .map((x) => ({ image_id: x.id, caption: x.caption, uploaded_at: iso(x.uploadedAt) })),
    transcription_failures: failures,
  };
}

/** What the server knew by the end of a round: recordings and transcripts per section, joined. */
export function transcriptsAt(recordings: Recording[], round: number) {
  const sectionRecordings: Record<string, string[]> = {};
  const sectionTranscripts: Record<string, string> = {};
  for (const section of RECORDING_SECTIONS) {
    const recs = recordings.filter((x) => x.section === section && x.inReview && x.round <= round);
    if (!recs.length) continue;
    sectionRecordings[section] = recs.map((x) => x.id);
    const texts = recs.filter((x) => x.transcript !== null).map((x) => x.transcript!);
    if (texts.length) sectionTranscripts[section] = texts.join(' ');
  }
  const transcript = Object.entries(sectionTranscripts)
    .map(([s, text]) => `[${s}]\n${text}`)
    .join('\n\n');
  return { sectionRecordings, sectionTranscripts, transcript };
}
