/**
 * What building one job's files shares: the planned files and media records, the placeholder bytes of
 * binary files, and the job's context (its stream, identities, rounds and their start times).
 */
import { Rng, seedFrom } from './rng.ts';
import { type GeneratedFileKind, type IrregularityKind, OLD_SERVER_ROOT } from './types.ts';
import type { RecordingSection } from './vocabulary.ts';
import { type Assessor, type Customer, DAY, type Skeleton, type Tree, type World } from './world.ts';

export interface PlannedFile {
  rel: string;
  kind: GeneratedFileKind;
  data: string | Buffer;
  /** Seconds since the epoch. */
  mtime: number;
}

export interface BuiltJob {
  folder: string;
  /** Leaf directories to create (mkdir -p), relative to the job folder. */
  dirs: string[];
  files: PlannedFile[];
  customer: number;
  tree: number;
  assessor: number | null;
  billing: number | null;
  rounds: number;
  recordings: number;
  images: number;
  final: boolean;
  correction: boolean;
  finalTranscriptBytes: number | null;
}

export interface Recording {
  id: string;
  section: RecordingSection;
  ext: 'wav' | 'm4a' | 'mp3';
  round: number;
  uploadedAt: number;
  transcript: string | null;
  failed: boolean;
  inManifest: boolean;
  inReview: boolean;
  hasAudio: boolean;
  hasMeta: boolean;
  storedPath: string | null;
  truncatedMeta: boolean;
}

export interface Image {
  id: string;
  ext: 'jpg' | 'png';
  round: number;
  uploadedAt: number;
  caption: string | null;
  gps: { latitude: number; longitude: number } | null;
  inManifest: boolean;
  inReview: boolean;
  storedPath: string | null;
}

export const AUDIO: Record<
  Recording['ext'],
  { bytes: Buffer; contentType: string; codec: string; format: string; rate: number }
> = {
  wav: {
    bytes: Buffer.from('RIFF-fake-wav'),
    contentType: 'audio/wav',
    codec: 'pcm_s16le',
    format: 'wav',
    rate: 48000,
  },
  m4a: {
    bytes: Buffer.from('ftypM4A-fake-m4a'),
    contentType: 'audio/mp4',
    codec: 'aac',
    format: 'mov,mp4,m4a,3gp,3g2,mj2',
    rate: 44100,
  },
  mp3: {
    bytes: Buffer.from('ID3-fake-mp3'),
    contentType: 'audio/mpeg',
    codec: 'mp3',
    format: 'mp3',
    rate: 44100,
  },
};
export const JPEG_BYTES = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('fake-jpg')]);
export const PNG_BYTES = Buffer.concat([Buffer.from([0x89]), Buffer.from('PNG-fake-png')]);
export const REPORT_JPEG_BYTES = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from('fake-report-jpg'),
]);
export const PDF_BYTES = Buffer.from('%PDF-1.4 placeholder\n');
export const DOCX_BYTES = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('-fake-docx')]);

/** One job being built. Every random value comes from `r`, drawn in a fixed order. */
export interface JobContext {
  world: World;
  index: number;
  sk: Skeleton;
  r: Rng;
  customer: Customer;
  tree: Tree;
  assessor: Assessor;
  irr: Set<IrregularityKind>;
  folder: string;
  /** The job folder on the old server, as stored paths name it. */
  oldRoot: string;
  /** The folder's hash part, used in media ids. */
  short: string;
  files: PlannedFile[];
  dirs: Set<string>;
  roundIds: string[];
  roundStart: number[];
  lastRound: number;
}

export function newJobContext(world: World, index: number): JobContext {
  const sk = world.jobs[index]!;
  const r = new Rng(seedFrom('jobmig-store', world.seed, 'job', index, 'content'));
  const customer = world.customers[sk.customer]!;
  const roundIds = sk.roundNums.map((k) => `round_${k}`);
  return {
    world,
    index,
    sk,
    r,
    customer,
    tree: customer.trees[sk.tree]!,
    assessor: world.assessors[sk.assessor]!,
    irr: sk.irregular,
    folder: sk.folder,
    oldRoot: `${OLD_SERVER_ROOT}/${sk.folder}`,
    short: sk.folder.slice(4, 12),
    files: [],
    dirs: new Set(),
    roundIds,
    roundStart: roundStarts(r, sk.createdAt, roundIds.length),
    lastRound: roundIds.length - 1,
  };
}

/** Each round starts days after the previous one; the first a few days after the job was created. */
function roundStarts(r: Rng, createdAt: number, roundCount: number): number[] {
  const roundStart: number[] = [];
  let t = createdAt + r.int(1, 5) * DAY + r.int(7, 10) * 3600;
  for (let k = 0; k < roundCount; k++) {
    roundStart.push(t);
    t += r.int(3, 30) * DAY;
  }
  return roundStart;
}

export function addFile(
  ctx: JobContext,
  rel: string,
  kind: GeneratedFileKind,
  data: string | Buffer,
  mtime: number,
): void {
  ctx.files.push({ rel, kind, data, mtime });
}

/** Pretty JSON with a final newline, as the legacy server wrote it. */
export const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
