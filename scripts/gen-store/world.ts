/**
 * The world: identities shared across jobs (customers with their trees and billing, assessors) and each
 * job's skeleton (folder, job number, status, rounds, media counts, irregularities).
 */
import { createHash } from 'node:crypto';
import { Rng, seedFrom } from './rng.ts';
import { type BrokenFileShape, IRREGULARITY_RATE, type IrregularityKind } from './types.ts';
import { round5 } from './util.ts';
import {
  CITIES,
  FIRST_NAMES,
  LAST_NAMES,
  ORG_KINDS,
  PLACE_PREFIXES,
  PLACES,
  SPECIES,
  STREETS,
  TREE_SPOTS,
} from './vocabulary.ts';

export interface Tree {
  number: number;
  species: string;
  address: string;
  lat: number;
  lon: number;
  dbh: number;
  height: number;
  spot: string;
}

export interface Billing {
  id: number;
  name: string;
  address: string;
  contact: string;
}

export interface Customer {
  name: string;
  trees: Tree[];
  billing: Billing | null;
  phone: string;
  contactPreference: string;
}

export interface Assessor {
  name: string;
  profile: { name: string; isa_number: string; phone: string; correspondence_email: string } | null;
}

export type JobStatus = 'DRAFT' | 'SUBMITTED_FOR_PROCESSING' | 'REVIEW_RETURNED' | 'FAILED' | 'ARCHIVED';

export interface Skeleton {
  folder: string;
  jobNumber: string;
  customer: number;
  tree: number;
  assessor: number;
  status: JobStatus;
  roundNums: number[];
  /** Per round: does it have a review.json? */
  reviewed: boolean[];
  recordings: number;
  images: number;
  correction: boolean;
  createdAt: number;
  irregular: Set<IrregularityKind>;
  brokenShape?: BrokenFileShape;
}

export interface World {
  seed: number;
  customers: Customer[];
  assessors: Assessor[];
  jobs: Skeleton[];
  lastJobNumber: number;
  counterMtime: number;
}

export const DAY = 86400;

export function buildWorld(jobCount: number, seed: number): World {
  const r = new Rng(seedFrom('jobmig-store', seed, 'world'));
  // Jobs start in 2019–2020 and spread over four years.
  const start = Date.UTC(2019, 0, 1) / 1000 + r.int(0, 540) * DAY;
  const span = 4 * 365 * DAY;

  const assessors = buildAssessors(r.fork('assessors'));
  const customers = buildCustomers(r.fork('customers'), Math.max(1, Math.round(jobCount / 8)));

  const usedFolders = new Set<string>();
  const jobs: Skeleton[] = [];
  const cr = r.fork('customer-choice');
  for (let i = 0; i < jobCount; i++) {
    const folder = jobFolder(seed, i, usedFolders);
    // A quarter of the work comes from the busiest tenth of the customers.
    const customer = cr.chance(0.25)
      ? cr.int(0, Math.max(0, Math.ceil(customers.length / 10) - 1))
      : cr.int(0, customers.length - 1);
    const createdAt = start + Math.floor((i * span) / Math.max(1, jobCount));
    jobs.push(buildSkeleton(seed, i, folder, customer, customers[customer]!, createdAt));
  }

  assignIrregularities(r.fork('irregularities'), jobs);
  const lastJobNumber = numberJobs(jobs);
  const counterMtime = jobs.length ? jobs[jobs.length - 1]!.createdAt : start;
  return { seed, customers, assessors, jobs, lastJobNumber, counterMtime };
}

/** A unique folder name from sha256 of (seed, index), salted on the rare collision. */
function jobFolder(seed: number, i: number, used: Set<string>): string {
  let folder = '';
  for (let salt = 0; !folder || used.has(folder); salt++) {
    folder =
      'job_' +
      createHash('sha256').update(`jobmig-store\0${seed}\0folder\0${i}\0${salt}`).digest('hex').slice(0, 12);
  }
  used.add(folder);
  return folder;
}

/** One job's skeleton from its own stream; `createdAt` is its slot in the span, jittered here. */
function buildSkeleton(
  seed: number,
  i: number,
  folder: string,
  customer: number,
  owner: Customer,
  createdAt: number,
): Skeleton {
  const jr = new Rng(seedFrom('jobmig-store', seed, 'job', i, 'skeleton'));
  const tree = jr.int(0, owner.trees.length - 1);
  const assessor = jr.weighted([5, 4, 3, 3, 2, 1.5, 1]);
  const archived = jr.chance(0.8);
  const status: JobStatus = archived
    ? 'ARCHIVED'
    : (['DRAFT', 'SUBMITTED_FOR_PROCESSING', 'REVIEW_RETURNED', 'FAILED'] as const)[
        jr.weighted([35, 15, 35, 15])
      ]!;
  const roundNums = drawRoundNumbers(jr);
  // The last round of a draft or a submitted job has no review yet.
  const reviewed = roundNums.map(
    (_, k) =>
      k < roundNums.length - 1 ||
      status === 'ARCHIVED' ||
      status === 'REVIEW_RETURNED' ||
      status === 'FAILED',
  );
  return {
    folder,
    jobNumber: '',
    customer,
    tree,
    assessor,
    status,
    roundNums,
    reviewed,
    recordings: jr.int(8, 20),
    images: jr.weighted([13, 25, 30, 17, 10, 5]),
    correction: archived && jr.chance(0.4),
    createdAt: createdAt + jr.int(0, 6 * 3600),
    irregular: new Set(),
  };
}

/** Round numbers 1, 2, ... with an occasional gap (rounds that were never uploaded). */
function drawRoundNumbers(jr: Rng): number[] {
  const roundCount = 1 + jr.weighted([18, 32, 30, 12, 8]);
  const roundNums: number[] = [];
  let num = 0;
  for (let k = 0; k < roundCount; k++) {
    num += jr.chance(0.15) ? jr.int(2, 10) : 1;
    roundNums.push(num);
  }
  return roundNums;
}

/** The counter hands out one number per job; a duplicate reuses the previous job's number. */
function numberJobs(jobs: Skeleton[]): number {
  let counter = 0;
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    if (!(job.irregular.has('duplicate_job_number') && i > 0)) counter++;
    job.jobNumber = 'J' + String(counter).padStart(4, '0');
  }
  return counter;
}

function buildAssessors(r: Rng): Assessor[] {
  const names = new Set<string>();
  while (names.size < 7) names.add(`${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`);
  return [...names].map((name, i) => {
    const [first, last] = name.split(' ') as [string, string];
    return {
      name,
      profile:
        i % 3 === 2
          ? null
          : {
              name,
              isa_number: `PN-${r.int(1000, 9999)}${r.pick(['A', 'B', 'AM', 'T'])}`,
              phone: `+1 541 555 ${String(r.int(100, 9999)).padStart(4, '0')}`,
              correspondence_email: `${first.toLowerCase()}.${last.toLowerCase()}@example.org`,
            },
    };
  });
}

function buildCustomers(r: Rng, count: number): Customer[] {
  const names: string[] = [];
  for (const prefix of PLACE_PREFIXES)
    for (const place of PLACES) for (const kind of ORG_KINDS) names.push(`${prefix}${place} ${kind}`);
  r.shuffle(names);
  const billingIds = { next: 0 };
  const managers = buildManagers(r, Math.max(1, Math.round(count / 10)), billingIds);
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const base = names[i % names.length]!;
    const name = i < names.length ? base : `${base} ${Math.floor(i / names.length) + 1}`;
    const city = r.pick(CITIES);
    const trees = buildTrees(r, city);
    const billing = pickBilling(r, name, city, managers, billingIds);
    customers.push({
      name,
      trees,
      billing,
      phone: `+1 ${r.pick(AREA_CODES)} 555 ${String(r.int(0, 9999)).padStart(4, '0')}`,
      contactPreference: r.pick(['email', 'email', 'phone', 'text']),
    });
  }
  return customers;
}

const AREA_CODES = ['541', '503', '971', '360', '208'];

type City = (typeof CITIES)[number];

/** Management companies that bill for several customers. */
function buildManagers(r: Rng, count: number, ids: { next: number }): Billing[] {
  const managers: Billing[] = [];
  for (let i = 0; i < count; i++) {
    const city = r.pick(CITIES);
    managers.push({
      id: ids.next++,
      name: `${r.pick(PLACES)} Property Management${i >= PLACES.length ? ` ${i}` : ''}`,
      address: `PO Box ${r.int(100, 9999)}, ${city.city}, ${city.state} ${city.zip}`,
      contact: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`,
    });
  }
  return managers;
}

/** A customer's trees: most on its own site, some at other addresses in its city. */
function buildTrees(r: Rng, city: City): Tree[] {
  const street = r.pick(STREETS);
  const houseNumber = r.int(10, 9800);
  const treeCount = 1 + r.weighted([2, 4, 4, 3, 2, 1]);
  const trees: Tree[] = [];
  for (let t = 0; t < treeCount; t++) {
    const onSite = r.chance(0.7);
    trees.push({
      number: t + 1,
      species: r.pick(SPECIES),
      address: onSite
        ? `${houseNumber} ${street}, ${city.city}, ${city.state} ${city.zip}`
        : `${r.int(10, 9800)} ${r.pick(STREETS)}, ${city.city}, ${city.state} ${city.zip}`,
      lat: round5(city.lat + (r.float() - 0.5) * 0.2),
      lon: round5(city.lon + (r.float() - 0.5) * 0.2),
      dbh: r.int(20, 180),
      height: r.int(6, 45),
      spot: r.pick(TREE_SPOTS),
    });
  }
  return trees;
}

/** Billing: its own accounts payable (55%), a management company (20%), or none. */
function pickBilling(
  r: Rng,
  name: string,
  city: City,
  managers: Billing[],
  ids: { next: number },
): Billing | null {
  const b = r.float();
  if (b < 0.55) {
    return {
      id: ids.next++,
      name: `${name} - Accounts Payable`,
      address: `PO Box ${r.int(100, 9999)}, ${city.city}, ${city.state} ${city.zip}`,
      contact: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`,
    };
  }
  return b < 0.75 ? r.pick(managers) : null;
}

const hasReview = (j: Skeleton) => j.reviewed.some(Boolean);

/** Which jobs can carry each irregularity. */
const ELIGIBLE: Record<IrregularityKind, (j: Skeleton, i: number) => boolean> = {
  round_mismatch: (j) => j.status === 'ARCHIVED' && j.roundNums.length >= 2,
  archived_only: (j) => j.status === 'ARCHIVED',
  final_round_missing: (j) => j.status === 'ARCHIVED',
  manifest_only_media: hasReview,
  review_only_media: hasReview,
  unplaced_recording: () => true,
  meta_without_bytes: () => true,
  bytes_without_meta: () => true,
  broken_file: () => true,
  stored_path_outside: () => true,
  duplicate_job_number: (_j, i) => i > 0,
  customer_spelling: () => true,
  tree_number_word: () => true,
};

/** Kinds with the narrowest eligibility go first so the disjoint assignment can satisfy them. */
const ASSIGNMENT_ORDER: IrregularityKind[] = [
  'round_mismatch',
  'archived_only',
  'final_round_missing',
  'manifest_only_media',
  'review_only_media',
  'broken_file',
  'duplicate_job_number',
  'unplaced_recording',
  'meta_without_bytes',
  'bytes_without_meta',
  'stored_path_outside',
  'customer_spelling',
  'tree_number_word',
];

/** Gives each kind to IRREGULARITY_RATE of the jobs (at least one), one kind per job, in shuffled order. */
function assignIrregularities(r: Rng, jobs: Skeleton[]): void {
  const target = jobs.length === 0 ? 0 : Math.max(1, Math.round(IRREGULARITY_RATE * jobs.length));
  const order = r.shuffle(jobs.map((_, i) => i));
  let cursor = 0;
  for (const kind of ASSIGNMENT_ORDER) {
    let got = 0;
    for (let scanned = 0; scanned < order.length && got < target; scanned++) {
      const i = order[(cursor + scanned) % order.length]!;
      const job = jobs[i]!;
      if (job.irregular.size > 0 || !ELIGIBLE[kind](job, i)) continue;
      job.irregular.add(kind);
      got++;
    }
    cursor = (cursor + target) % Math.max(1, order.length);
  }
  for (const job of jobs) {
    if (!job.irregular.has('broken_file')) continue;
    const shapes: BrokenFileShape[] = ['truncated_meta', 'wrong_type_record'];
    if (hasReview(job)) shapes.push('empty_review');
    job.brokenShape = r.pick(shapes);
  }
}
