/**
 * A job's top-level metadata: processed_artifacts.json (sometimes) and job_record.json (absent from
 * archived-only folders; wrong-typed where a broken file is planted), with the billing it names.
 */
import type { Written } from './job-form.ts';
import { addFile, type JobContext, json } from './job-context.ts';
import type { Finals } from './job-final.ts';
import type { Media } from './job-media.ts';
import { REASONS, RECORDING_SECTIONS } from './vocabulary.ts';

const SIDES = ['left of', 'right of', 'behind', 'in front of', 'next to'];
const LANDMARKS = ['north gate', 'main building', 'parking lot', 'playground', 'fence', 'footpath'];

export function writeProcessedArtifacts(ctx: JobContext, media: Media): void {
  const transcribed = media.recordings.filter((x) => x.transcript !== null && x.hasMeta);
  if (!(transcribed.length && ctx.r.chance(0.4))) return;
  const processed: Record<string, string[]> = {};
  for (const section of RECORDING_SECTIONS) {
    const ids = transcribed.filter((x) => x.section === section).map((x) => x.id);
    if (ids.length) processed[section] = ids;
  }
  const mtime = media.reviewTime[ctx.lastRound]! + 60;
  addFile(ctx, 'processed_artifacts.json', 'processed_artifacts', json(processed), mtime);
}

/** Writes job_record.json unless the job is archived-only; returns the billing profile it names. */
export function writeJobRecord(
  ctx: JobContext,
  media: Media,
  written: Written,
  finals: Finals,
): number | null {
  const { r, sk, tree, customer, lastRound } = ctx;
  if (ctx.irr.has('archived_only')) return null;
  const record: Record<string, unknown> = {
    job_id: ctx.folder,
    job_number: sk.jobNumber,
    status: written.writtenStatus,
    customer_name: written.customerName,
    tree_number: written.treeNumber,
    address: tree.address,
    tree_species: tree.species,
    reason: r.pick(REASONS),
    job_name: `${tree.spot} ${tree.species.split(' (')[0]!.toLowerCase()}`,
    job_address: tree.address,
    job_phone: customer.phone,
    contact_preference: customer.contactPreference,
  };
  const billing = writeBilling(ctx, record);
  record.location_notes = r.chance(0.7) ? `Tree is ${r.pick(SIDES)} the ${r.pick(LANDMARKS)}` : null;
  record.latest_round_id = finals.recordRoundId;
  const roundStatus = latestRoundStatus(sk.status);
  record.latest_round_status = written.lowerStatus ? roundStatus.toLowerCase() : roundStatus;
  if (sk.brokenShape === 'wrong_type_record') {
    record.customer_name = [customer.name];
    record.tree_number = { n: tree.number };
  }
  const { archivedAt, correctedAt } = finals;
  const last = Math.max(correctedAt, archivedAt, media.reviewTime[lastRound]!, media.uploadClock[lastRound]!);
  addFile(ctx, 'job_record.json', 'job_record', json(record), last + 30);
  return billing;
}

function latestRoundStatus(status: string): string {
  if (status === 'ARCHIVED' || status === 'REVIEW_RETURNED') return 'REVIEW_RETURNED';
  return status === 'FAILED' ? 'FAILED' : status;
}

/** Billing fields: usually the customer's profile, sometimes explicit nulls, sometimes absent. */
function writeBilling(ctx: JobContext, record: Record<string, unknown>): number | null {
  const { r } = ctx;
  const b = ctx.customer.billing;
  const nulls = () => {
    record.billing_name = null;
    record.billing_address = null;
    record.billing_contact_name = null;
  };
  if (!b) {
    if (r.chance(0.3)) nulls();
    return null;
  }
  const style = r.float();
  if (style < 0.9) {
    record.billing_name = b.name;
    record.billing_address = b.address;
    record.billing_contact_name = b.contact;
    return b.id;
  }
  if (style < 0.95) nulls();
  return null;
}
