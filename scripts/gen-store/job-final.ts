/**
 * An archived job's snapshots: final.json and its GeoJSON export and PDFs, and for corrected jobs
 * final_correction.json with its own exports; plus the round each snapshot and the record name.
 */
import type { Form, FormPlan } from './job-form.ts';
import { addFile, DOCX_BYTES, type JobContext, json, PDF_BYTES } from './job-context.ts';
import type { Media } from './job-media.ts';
import { type RoundForms, transcriptsAt } from './job-rounds.ts';
import { narrativeText, sentence } from './transcripts.ts';
import { iso, slug } from './util.ts';
import { INTERVALS, RATINGS } from './vocabulary.ts';
import { DAY } from './world.ts';

export interface Finals {
  archived: boolean;
  archivedAt: number;
  correctedAt: number;
  /** The round job_record.json names as its latest. */
  recordRoundId: string;
  finalTranscriptBytes: number | null;
}

interface SnapshotRounds {
  finalRound: number;
  finalRoundId: string;
  recordRoundId: string;
}

/** Which round the final was made from and which the record names: the last, unless planted otherwise. */
function snapshotRounds(ctx: JobContext): SnapshotRounds {
  const { r, irr, sk, roundIds, lastRound } = ctx;
  let finalRound = lastRound;
  let finalRoundId = roundIds[lastRound]!;
  let recordRoundId = roundIds[lastRound]!;
  if (irr.has('round_mismatch')) {
    // Either the final was made from an earlier round than the record's latest, or the record lags behind.
    if (r.chance(0.5)) {
      finalRound = r.int(0, lastRound - 1);
      finalRoundId = roundIds[finalRound]!;
    } else recordRoundId = roundIds[r.int(0, lastRound - 1)]!;
  }
  if (irr.has('final_round_missing')) {
    const taken = new Set(sk.roundNums);
    let missing = sk.roundNums[lastRound]! + 1;
    if (r.chance(0.5))
      for (let m = 1; m < sk.roundNums[lastRound]!; m++)
        if (!taken.has(m)) {
          missing = m;
          break;
        }
    finalRoundId = `round_${missing}`;
  }
  return { finalRound, finalRoundId, recordRoundId };
}

export function writeFinals(ctx: JobContext, media: Media, forms: FormPlan, reviewForms: RoundForms): Finals {
  const rounds = snapshotRounds(ctx);
  const archived = ctx.sk.status === 'ARCHIVED';
  const reviewed = media.reviewTime[ctx.lastRound]!;
  const finals: Finals = {
    archived,
    archivedAt: reviewed,
    correctedAt: reviewed,
    recordRoundId: rounds.recordRoundId,
    finalTranscriptBytes: null,
  };
  if (archived) writeArchived(ctx, media, forms, reviewForms, rounds, finals);
  return finals;
}

/** Draws shared by the final and its correction: who signs, the narrative style, report images. */
interface SnapshotStyle {
  withProfile: boolean;
  plainNarrative: boolean;
}

function writeArchived(
  ctx: JobContext,
  media: Media,
  forms: FormPlan,
  reviewForms: RoundForms,
  rounds: SnapshotRounds,
  finals: Finals,
): void {
  const { r, irr, tree, assessor, sk, lastRound } = ctx;
  const archivedAt = media.reviewTime[lastRound]! + r.int(1, 10) * DAY + r.int(0, 8 * 3600);
  finals.archivedAt = archivedAt;
  const form = reviewForms[rounds.finalRound]!;
  const atRound = irr.has('final_round_missing') ? lastRound : rounds.finalRound;
  const transcript = transcriptsAt(media.recordings, atRound).transcript;
  finals.finalTranscriptBytes = Buffer.byteLength(transcript);
  const style: SnapshotStyle = {
    withProfile: assessor.profile !== null && r.chance(0.6),
    plainNarrative: forms.formVersion === '2021.1' && r.chance(0.3),
  };
  const narrative = narrativeText(r, tree, forms.rating, form.recommended_inspection_interval.text);
  const finalRev = r.int(2, 12);
  const content = { form, transcript, text: narrative, upTo: rounds.finalRound };
  const final = snapshot(ctx, media, forms, style, rounds.finalRoundId, finalRev, archivedAt, content);
  addFile(ctx, 'final.json', 'final_json', json(final), archivedAt);
  const geo = geojson(sk.jobNumber, assessor.name, form, final.report_images);
  addFile(ctx, 'final.geojson', 'geojson', json(geo), archivedAt + 4);
  const page1 = forms.formVersion === '2021.1' && r.chance(0.3) ? 'traq_page1.pdf' : 'final_traq_page1.pdf';
  addFile(ctx, page1, 'final_pdf', PDF_BYTES, archivedAt + 5);
  addFile(ctx, 'final_report_letter.pdf', 'report_pdf', PDF_BYTES, archivedAt + 6);
  const docx = r.chance(0.35);
  if (docx) addFile(ctx, 'final_report_letter.docx', 'report_docx', DOCX_BYTES, archivedAt + 7);
  if (sk.correction)
    finals.correctedAt = writeCorrection(ctx, media, forms, style, { form, finalRev, archivedAt, docx });
}

/** A correction made after archive from the job's latest round, with a lower rating. Returns its time. */
function writeCorrection(
  ctx: JobContext,
  media: Media,
  forms: FormPlan,
  style: SnapshotStyle,
  final: { form: Form; finalRev: number; archivedAt: number; docx: boolean },
): number {
  const { r, tree, sk, assessor, roundIds, lastRound } = ctx;
  const { form, finalRev, docx } = final;
  const correctedAt = final.archivedAt + r.int(2, 90) * DAY + r.int(0, 8 * 3600);
  const newRating = Math.max(0, forms.rating - 1);
  const corrected = structuredClone(form);
  const interval = r.pick(INTERVALS);
  corrected.overall_tree_risk_rating.rating = RATINGS[newRating]!;
  corrected.recommended_inspection_interval.text = interval;
  corrected.client_tree_details.date = iso(correctedAt - 2 * DAY).slice(0, 10);
  for (const row of corrected.risk_categorization) row.risk_rating = RATINGS[newRating]!.toLowerCase();
  const note = sentence(r, 'notes_explanations_descriptions');
  corrected.notes_explanations_descriptions = `Correction: ${note} Re-inspect in ${interval}.`;
  const text = `Correction: ${narrativeText(r, tree, newRating, interval)}`;
  const content = {
    form: corrected,
    transcript: transcriptsAt(media.recordings, lastRound).transcript,
    text,
  };
  const rev = finalRev + r.int(1, 6);
  const correction = snapshot(ctx, media, forms, style, roundIds[lastRound]!, rev, correctedAt, {
    ...content,
    upTo: lastRound,
  });
  addFile(ctx, 'final_correction.json', 'final_json', json(correction), correctedAt);
  const geo = geojson(sk.jobNumber, assessor.name, corrected, correction.report_images);
  addFile(ctx, 'final_correction.geojson', 'geojson', json(geo), correctedAt + 4);
  addFile(ctx, 'final_traq_page1_correction.pdf', 'final_pdf', PDF_BYTES, correctedAt + 5);
  addFile(ctx, 'final_report_letter_correction.pdf', 'report_pdf', PDF_BYTES, correctedAt + 6);
  if (docx && r.chance(0.6))
    addFile(ctx, 'final_report_letter_correction.docx', 'report_docx', DOCX_BYTES, correctedAt + 7);
  return correctedAt;
}

interface SnapshotContent {
  form: Form;
  transcript: string;
  text: string;
  /** Report images are those uploaded up to this round (index). */
  upTo: number;
}

function snapshot(
  ctx: JobContext,
  media: Media,
  forms: FormPlan,
  style: SnapshotStyle,
  roundId: string,
  rev: number,
  at: number,
  c: SnapshotContent,
) {
  const { sk, customer, assessor, oldRoot } = ctx;
  return {
    job_id: ctx.folder,
    ...(ctx.irr.has('archived_only')
      ? { job_number: sk.jobNumber, project: customer.name, project_slug: slug(customer.name) }
      : {}),
    round_id: roundId,
    server_revision_id: `srv-rev-${sk.jobNumber.slice(1)}-${roundId.slice('round_'.length)}`,
    client_revision_id: `cli-rev-${sk.jobNumber.slice(1)}-${rev}`,
    archived_at: iso(at),
    transcript: c.transcript,
    form: { schema_name: 'traq', schema_version: forms.formVersion, data: c.form },
    narrative: style.plainNarrative ? c.text : { text: c.text },
    user_name: assessor.name,
    report_images: media.images
      .filter((x) => x.round <= c.upTo)
      .map((x) => ({
        caption: x.caption,
        stored_path: `${oldRoot}/sections/job_photos/images/${x.id}.report.jpg`,
        path: `sections/job_photos/images/${x.id}.report.jpg`,
        uploaded_at: iso(x.uploadedAt),
      })),
    ...(style.withProfile ? { profile: assessor.profile } : {}),
  };
}

/** The public-map export: client-identifying fields and file paths never leave the final. */
function geojson(
  jobNumber: string,
  userName: string,
  form: {
    client_tree_details: Record<string, unknown> & {
      gps: { latitude: number | null; longitude: number | null };
    };
  } & Record<string, unknown>,
  reportImages: { caption: string | null; uploaded_at: string }[],
) {
  const {
    client: _c,
    address_tree_location: _a,
    assessors: _s,
    date: _d,
    time: _t,
    ...details
  } = form.client_tree_details;
  const { latitude, longitude } = form.client_tree_details.gps;
  const point =
    typeof latitude === 'number' &&
    typeof longitude === 'number' &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180
      ? { type: 'Point', coordinates: [longitude, latitude] }
      : null;
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: point,
        properties: {
          job_number: jobNumber,
          user_name: userName,
          form_data: { ...form, client_tree_details: details },
          images: reportImages.map((x) => ({ caption: x.caption, uploaded_at: x.uploaded_at })),
        },
      },
    ],
  };
}
