/**
 * One job's files, built in a fixed order from the job's own random stream: media, identities as
 * written, rounds, media files, snapshots, top-level metadata. Changing the order changes the output.
 */
import { type BuiltJob, newJobContext } from './job-context.ts';
import { writeFinals } from './job-final.ts';
import { identityAsWritten, planForms } from './job-form.ts';
import { planMedia, plantIrregularMedia } from './job-media.ts';
import { writeMediaFiles } from './job-media-files.ts';
import { writeJobRecord, writeProcessedArtifacts } from './job-record.ts';
import { writeRounds } from './job-rounds.ts';
import { byCodePoint } from './util.ts';
import type { World } from './world.ts';

export function buildJob(world: World, index: number): BuiltJob {
  const ctx = newJobContext(world, index);
  const media = planMedia(ctx);
  plantIrregularMedia(ctx, media);
  const written = identityAsWritten(ctx);
  const forms = planForms(ctx, written);
  const reviewForms = writeRounds(ctx, media, forms, written);
  writeMediaFiles(ctx, media, written);
  const finals = writeFinals(ctx, media, forms, reviewForms);
  writeProcessedArtifacts(ctx, media);
  const billing = writeJobRecord(ctx, media, written, finals);
  const { sk } = ctx;
  return {
    folder: ctx.folder,
    dirs: [...ctx.dirs].sort(byCodePoint),
    files: ctx.files,
    customer: sk.customer,
    tree: sk.tree,
    assessor: finals.archived ? sk.assessor : null,
    billing,
    rounds: ctx.roundIds.length,
    recordings: media.recordings.length,
    images: media.images.length,
    final: finals.archived,
    correction: finals.archived && sk.correction,
    finalTranscriptBytes: finals.finalTranscriptBytes,
  };
}
