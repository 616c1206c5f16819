/**
 * A deterministic generator of legacy job stores (../shared/LEGACY_LAYOUT.md), for tests and benchmarks.
 *
 * Same `jobs` + `seed` -> byte-identical files with identical mtimes, so two generated stores have equal
 * folder fingerprints. Nothing here reads the clock or Math.random: every value, timestamps included,
 * comes from a mulberry32 stream seeded from (seed, job index).
 *
 * Every irregularity the layout document describes is planted in a small, exact share of the jobs
 * (IRREGULARITY_RATE each, at least one per kind when the store has room), and counted in the stats.
 */
import { createHash } from 'node:crypto';
import { closeSync, futimesSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { workerSource } from '../util/worker-source.ts';

// ---------------------------------------------------------------------------------------------------
// Public API

export interface GenerateStoreOptions {
  jobs: number;
  seed: number;
  /** The jobs root to create. Must not exist, or be an empty directory. */
  out: string;
  /**
   * Writer threads, each writing its share of the job folders with synchronous calls (1 = in-process,
   * at most 16). Default: the machine's cores (at most 8), but one per 400 jobs, so small stores are
   * written in-process. The output never depends on it.
   */
  concurrency?: number;
}

export const FILE_KINDS = [
  'job_number_counter',
  'job_record',
  'processed_artifacts',
  'manifest_json',
  'review_json',
  'audio',
  'recording_meta',
  'transcript_txt',
  'image',
  'report_image',
  'image_meta',
  'final_json',
  'geojson',
  'final_pdf',
  'report_pdf',
  'report_docx',
] as const;
export type GeneratedFileKind = (typeof FILE_KINDS)[number];

export const IRREGULARITY_KINDS = [
  /** job_record latest_round_id and final round_id disagree (both rounds exist). */
  'round_mismatch',
  /** final.json without job_record.json. */
  'archived_only',
  /** A recording only a manifest places: absent from every review. */
  'manifest_only_media',
  /** A recording or image only a review places: in no manifest. */
  'review_only_media',
  /** A recording (audio + meta + transcript) no manifest or review names. */
  'unplaced_recording',
  /** A recording .meta.json whose audio file is missing. */
  'meta_without_bytes',
  /** An audio file with no .meta.json. */
  'bytes_without_meta',
  /** Truncated recording meta JSON, empty review.json, or wrong-typed job_record fields (see brokenFiles). */
  'broken_file',
  /** A recording or image stored_path outside its own job folder (another job, or `..` traversal). */
  'stored_path_outside',
  /** final round_id names a round with no folder. */
  'final_round_missing',
  /** job_number shared with another job. */
  'duplicate_job_number',
  /** customer_name spelled differently from the customer's usual name (case, spacing). */
  'customer_spelling',
  /** tree_number written as a word ("three"). */
  'tree_number_word',
] as const;
export type IrregularityKind = (typeof IRREGULARITY_KINDS)[number];

export type BrokenFileShape = 'truncated_meta' | 'empty_review' | 'wrong_type_record';

/** Share of jobs that get each irregularity. */
export const IRREGULARITY_RATE = 0.025;

/** The old server's jobs root, used in every stored_path / report_image_path. */
export const OLD_SERVER_ROOT = '/srv/legacy-server/data/jobs';

export interface GeneratedStoreStats {
  seed: number;
  /** Job folders written. */
  jobFolders: number;
  /** Jobs with final.json (archived). */
  finals: number;
  /** Jobs with final_correction.json. */
  corrections: number;
  /** Round folders written. */
  rounds: number;
  /** Distinct recordings on disk (audio, meta or transcript), unplaced ones included. */
  recordings: number;
  /** Images on disk (original or meta). */
  images: number;
  /** Distinct customers, trees, assessors and billing profiles the jobs use. */
  customers: number;
  trees: number;
  assessors: number;
  billingProfiles: number;
  files: { total: number; byKind: Record<GeneratedFileKind, number> };
  /** Jobs carrying each irregularity (a job may carry more than one only when the store is tiny). */
  irregularities: Record<IrregularityKind, number>;
  brokenFiles: Record<BrokenFileShape, number>;
  /** The job folders carrying each irregularity, sorted. */
  irregularJobs: Record<IrregularityKind, string[]>;
  /** Size of final.json transcripts (UTF-8 bytes). */
  finalTranscriptBytes: { min: number; mean: number; max: number };
  /** Sum of file sizes (content bytes, not disk blocks). */
  bytes: number;
}

export async function generateStore(opts: GenerateStoreOptions): Promise<GeneratedStoreStats> {
  const { jobs, seed, out } = opts;
  const threads = opts.concurrency ?? DEFAULT_THREADS;
  if (!Number.isSafeInteger(jobs) || jobs < 0)
    throw new Error(`jobs must be a non-negative integer, got ${jobs}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(threads) || threads < 1)
    throw new Error(`concurrency must be a positive integer, got ${threads}`);
  await prepareOut(out);

  const world = buildWorld(jobs, seed);
  const acc = newAccumulator(seed);
  const counter = plannedFile(
    '_job_number_counter.txt',
    'job_number_counter',
    `${world.lastJobNumber}\n`,
    world.counterMtime,
  );
  writePlannedSync(path.join(out, counter.rel), counter);
  count(acc, counter);

  // Small stores are written in-process; larger ones by worker threads, each taking every n-th job.
  // An explicit `concurrency` is honoured as given (tests use it to cover the worker path on small stores).
  const workers =
    opts.concurrency === undefined
      ? Math.min(DEFAULT_THREADS, Math.ceil(jobs / JOBS_PER_THREAD))
      : Math.min(threads, MAX_THREADS, jobs);
  if (workers <= 1) {
    mergeAccumulator(acc, writeJobs(world, out, 0, 1));
  } else {
    const parts = await Promise.all(
      Array.from({ length: workers }, (_, part) =>
        runWorker({ [WORKER_TAG]: true, jobs, seed, out, part, parts: workers }),
      ),
    );
    for (const p of parts) mergeAccumulator(acc, p);
  }
  return finishStats(acc, world);
}

/**
 * Change about `fraction` of the job folders under `root`, deterministically for a given store and seed:
 * one recording meta.json per chosen folder is rewritten with a later `uploaded_at` and a later mtime
 * (same size). Only those folders' fingerprints change. Returns the changed folder names, sorted.
 */
export async function mutateJobs(root: string, fraction: number, seed: number): Promise<string[]> {
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`fraction must be within [0, 1], got ${fraction}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const entries = await readdir(root, { withFileTypes: true });
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort(byCodePoint);
  const want =
    fraction === 0 ? 0 : Math.min(folders.length, Math.max(1, Math.round(fraction * folders.length)));
  const rng = new Rng(seedFrom(seed, 'mutate'));
  const order = folders.slice();
  for (let i = 0; i < want; i++) {
    const j = i + rng.int(0, order.length - 1 - i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const chosen = order.slice(0, want).sort(byCodePoint);
  const limit = limiter(16);
  await Promise.all(
    chosen.map((folder) => limit(() => mutateOne(path.join(root, folder), rng.fork(folder)))),
  );
  return chosen;
}

// ---------------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: a tiny, fast 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32 bits of sha256 over the parts: decorrelated seeds for independent streams. */
function seedFrom(...parts: (string | number)[]): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0);
}

class Rng {
  private readonly next: () => number;
  constructor(private readonly seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: nothing to pick from');
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Index drawn with the given (unnormalised) weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
  fork(label: string | number): Rng {
    return new Rng(seedFrom(this.seed, label));
  }
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary

const PLACES = [
  'Lakeview',
  'Riverside',
  'Harbor View',
  'Pinecrest',
  'Cedar Hollow',
  'Maple Ridge',
  'Oak Terrace',
  'Willow Creek',
  'Summit',
  'Bayside',
  'Elm Park',
  'Fir Grove',
  'Aspen Hills',
  'Juniper Flats',
  'Cascade',
  'Mill Creek',
  'Stone Bridge',
  'Sunnyslope',
  'Westgate',
  'Northfield',
  'Eastmoor',
  'Southbank',
  'Highland',
  'Meadowbrook',
  'Fox Run',
  'Heron Point',
  'Granite Falls',
  'Silver Lake',
  'Red Rock',
  'Blue Spruce',
  'Alder Bend',
  'Hawthorne',
  'Linden',
  'Sycamore',
  'Chestnut Hill',
  'Birchwood',
  'Rosewood',
  'Kingsgate',
  'Fairview',
  'Glenwood',
];
const PLACE_PREFIXES = ['', 'North ', 'South ', 'East ', 'West ', 'Upper ', 'Lower ', 'Old ', 'New '];
const ORG_KINDS = [
  'Parks Dept',
  'HOA',
  'Public Library',
  'School District',
  'Condominiums',
  'Golf Club',
  'Cemetery Association',
  'Community Church',
  'Business Park',
  'Apartments',
  'Water District',
  'Senior Living',
  'Medical Center',
  'Shopping Center',
  'Country Club',
  'Elementary School',
  'Fire District',
  'Town Hall',
  'Memorial Park',
  'Retirement Village',
];
const FIRST_NAMES = [
  'Dana',
  'Marcus',
  'Priya',
  'Tomasz',
  'Aiko',
  'Jordan',
  'Elena',
  'Kwame',
  'Sofia',
  'Ravi',
  'Hannah',
  'Diego',
  'Mei',
  'Oluwaseun',
  'Grace',
  'Liam',
  'Fatima',
  'Noah',
  'Ingrid',
  'Mateo',
  'Chloe',
  'Samir',
  'Beatriz',
  'Owen',
];
const LAST_NAMES = [
  'Whitfield',
  'Oyelaran',
  'Nakamura',
  'Kowalski',
  'Pike',
  'Haddad',
  'Lindqvist',
  'Mensah',
  'Alvarez',
  'Iyer',
  'Brennan',
  'Castellanos',
  'Okafor',
  'Thornton',
  'Vasquez',
  'Yamamoto',
  'Delacroix',
  'Abernathy',
  'Rasmussen',
  'Quintero',
  'Sato',
  'Fairbanks',
  'Nguyen',
  'Holloway',
];
const STREETS = [
  'Lakeshore Dr',
  'Main St',
  'Oak Ave',
  'Library Way',
  'Harbor Rd',
  'School Ln',
  'Cedar St',
  'Park Blvd',
  'Ridge Rd',
  'Mill St',
  'Church St',
  'Orchard Ln',
  'Sunset Ave',
  'River Rd',
  'Elm St',
  'Pine St',
  'Forest Ave',
  'Meadow Ln',
  'Hillcrest Dr',
  'Valley View Rd',
];
const CITIES: readonly { city: string; state: string; zip: string; lat: number; lon: number }[] = [
  { city: 'Lakeview', state: 'OR', zip: '97630', lat: 42.1888, lon: -120.3458 },
  { city: 'Bend', state: 'OR', zip: '97701', lat: 44.0582, lon: -121.3153 },
  { city: 'Portland', state: 'OR', zip: '97205', lat: 45.5231, lon: -122.6765 },
  { city: 'Eugene', state: 'OR', zip: '97401', lat: 44.0521, lon: -123.0868 },
  { city: 'Salem', state: 'OR', zip: '97301', lat: 44.9429, lon: -123.0351 },
  { city: 'Medford', state: 'OR', zip: '97501', lat: 42.3265, lon: -122.8756 },
  { city: 'Vancouver', state: 'WA', zip: '98660', lat: 45.6387, lon: -122.6615 },
  { city: 'Tacoma', state: 'WA', zip: '98402', lat: 47.2529, lon: -122.4443 },
  { city: 'Olympia', state: 'WA', zip: '98501', lat: 47.0379, lon: -122.9007 },
  { city: 'Spokane', state: 'WA', zip: '99201', lat: 47.6588, lon: -117.426 },
  { city: 'Boise', state: 'ID', zip: '83702', lat: 43.615, lon: -116.2023 },
  { city: 'Redding', state: 'CA', zip: '96001', lat: 40.5865, lon: -122.3917 },
];
const SPECIES = [
  'Red oak (Quercus rubra)',
  'Silver maple (Acer saccharinum)',
  'Sugar maple (Acer saccharum)',
  'Bigleaf maple (Acer macrophyllum)',
  'Douglas fir (Pseudotsuga menziesii)',
  'Western red cedar (Thuja plicata)',
  'Oregon white oak (Quercus garryana)',
  'Ponderosa pine (Pinus ponderosa)',
  'London plane (Platanus x acerifolia)',
  'Norway maple (Acer platanoides)',
  'Black cottonwood (Populus trichocarpa)',
  'Red alder (Alnus rubra)',
  'Sweetgum (Liquidambar styraciflua)',
  'Pin oak (Quercus palustris)',
  'Little-leaf linden (Tilia cordata)',
  'Giant sequoia (Sequoiadendron giganteum)',
  'Deodar cedar (Cedrus deodara)',
  'Green ash (Fraxinus pennsylvanica)',
  'Honey locust (Gleditsia triacanthos)',
  'Tulip tree (Liriodendron tulipifera)',
];
const TREE_SPOTS = [
  'North entrance',
  'South lawn',
  'Parking lot',
  'Playground',
  'Front yard',
  'Courtyard',
  'Riverbank',
  'Main gate',
  'East fence line',
  'Picnic area',
  'Footpath',
  'Chapel lawn',
  'Clubhouse',
  'Pool deck',
  'Back field',
];
const REASONS = [
  'Annual inspection',
  'Storm damage report',
  'Resident complaint',
  'Pre-construction assessment',
  'Insurance request',
  'Dead limb reported',
  'Leaning tree reported',
  'Follow-up inspection',
  'Permit application',
];
const WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];
const DIRECTIONS = ['north', 'north east', 'east', 'south east', 'south', 'south west', 'west', 'north west'];
const TARGETS = [
  'Footpath',
  'Parking spaces',
  'Playground',
  'Roadway',
  'Building roof',
  'Picnic tables',
  'Power line',
  'Fence',
  'Bus stop',
];
const TREE_PARTS = [
  'Dead limb',
  'Codominant stem',
  'Hanger',
  'Whole tree',
  'Scaffold branch',
  'Cavity section',
];
const RATINGS = ['Low', 'Moderate', 'High', 'Extreme'];
const INTERVALS = ['6 months', '12 months', '18 months', '24 months', '36 months'];

export const RECORDING_SECTIONS = [
  'client_tree_details',
  'site_factors',
  'crown_and_branches',
  'trunk',
  'roots_and_root_collar',
  'target_assessment',
  'overall_tree_risk_rating',
  'notes_explanations_descriptions',
] as const;
type RecordingSection = (typeof RECORDING_SECTIONS)[number];
/** Sections are not equally talked about: crown and trunk get the most recordings. */
const SECTION_WEIGHTS = [1.2, 1, 1.6, 1.5, 1.1, 1.1, 0.7, 0.8];

type Slot = (r: Rng) => string;
const n =
  (lo: number, hi: number): Slot =>
  (r) =>
    String(r.int(lo, hi));
const w =
  (lo: number, hi: number): Slot =>
  (r) =>
    WORDS[r.int(lo, hi)]!;
const one =
  (items: readonly string[]): Slot =>
  (r) =>
    r.pick(items);
const dir = one(DIRECTIONS);

/** Sentence templates per section; `{}` slots are filled in order. */
const SENTENCES: Record<RecordingSection, readonly [string, ...Slot[]][]> = {
  client_tree_details: [
    [
      'Client details confirmed on site with the {}.',
      one(['facilities manager', 'property manager', 'groundskeeper', 'board president', 'site supervisor']),
    ],
    ['Single stem tree, DBH measured at {} centimetres at breast height.', n(25, 160)],
    ['GPS fix taken at the base of the trunk, accuracy about {} metres.', n(2, 9)],
    ['Tree tag number {} is still attached on the {} side of the trunk.', w(1, 12), dir],
    ['Height estimated at {} metres with the clinometer from {} metres away.', n(8, 38), n(15, 40)],
    ['Access was through the {} gate, the tree stands about {} metres from the building.', dir, w(3, 20)],
    ['Species confirmed from leaves and bark, no doubt about the identification.'],
    ['Multi stem at the base with {} stems, the largest stem was measured.', w(2, 4)],
  ],
  site_factors: [
    [
      'Irrigated turf under the canopy, {} soil along the path.',
      one(['compacted', 'sandy', 'clay', 'loamy', 'saturated', 'rocky']),
    ],
    [
      'Prevailing wind from the {}, the tree is {} to it.',
      dir,
      one(['fully exposed', 'partly sheltered', 'sheltered by buildings']),
    ],
    ['No recent site changes reported by the owner.'],
    [
      'Trenching for a {} line about {} metres from the trunk, roughly {} years ago.',
      one(['water', 'gas', 'fibre', 'storm drain']),
      n(2, 9),
      w(1, 8),
    ],
    [
      'Grade was raised by about {} centimetres when the {} was built.',
      n(10, 60),
      one(['parking lot', 'patio', 'path', 'driveway']),
    ],
    [
      'History of failures: {}.',
      one([
        'none known',
        'one large limb dropped last winter',
        'a neighbouring tree failed in the same storm',
        'two branch failures in the last five years',
      ]),
    ],
    [
      'Topography is {}, drainage looks {}.',
      one(['flat', 'gently sloping', 'steep to the south', 'terraced']),
      one(['good', 'poor', 'adequate']),
    ],
  ],
  crown_and_branches: [
    [
      'Crown is {} dense, live crown ratio around {} percent.',
      one(['moderately', 'very', 'sparsely', 'normally']),
      n(30, 80),
    ],
    [
      '{} dead limbs over the {}, the largest about {} centimetres in diameter.',
      w(1, 6),
      one(['path', 'road', 'roof', 'lawn', 'parking']),
      n(4, 25),
    ],
    ['Minor lion tailing on the lower scaffolds from past pruning.'],
    ['A broken hanger is lodged in the {} side of the crown at about {} metres.', dir, n(6, 20)],
    ['Codominant stems at {} metres with included bark, no crack visible yet.', n(2, 9)],
    ['Over extended limb to the {} with heavy end weight, recommend reduction.', dir],
    ['Foliage colour and size are normal for the season, no sign of dieback.'],
    ['Weak attachment where a large limb was headed back, decay likely at the wound.'],
  ],
  trunk: [
    ['Small cavity on the {} side at {} metres, sounding is solid around it.', dir, w(1, 4)],
    ['Lean of about {} degrees to the {}, appears to be a corrected lean.', n(2, 20), dir],
    ['Bark is intact, no cracks or seams visible on the trunk.'],
    [
      'Conks of {} at the base on the {} side, decay extent unknown.',
      one(['Ganoderma', 'Laetiporus', 'Inonotus', 'Phellinus']),
      dir,
    ],
    ['Old wound from a vehicle strike, woundwood is closing over about {} percent of it.', n(20, 90)],
    ['Resistograph readings show about {} centimetres of sound shell.', n(4, 30)],
    ['A seam runs from {} metres up to the first fork, with some sap flow.', w(1, 3)],
  ],
  roots_and_root_collar: [
    ['Root collar is buried by about {} centimetres of mulch.', n(5, 30)],
    ['Girdling root on the {} side, about {} centimetres in diameter.', dir, n(3, 15)],
    ['Soil heave on the {} side, no cracking in the soil.', dir],
    [
      'Roots were cut for the {} about {} metres from the trunk.',
      one(['sidewalk', 'curb', 'foundation', 'irrigation line']),
      n(1, 6),
    ],
    ['Mushrooms at the root flare, sample taken for identification.'],
    ['Root plate looks stable, no lifting observed during the wind.'],
  ],
  target_assessment: [
    [
      'Main target is the {} within the drip line, occupancy is {}.',
      one(TARGETS),
      one(['constant', 'frequent', 'occasional', 'rare']),
    ],
    [
      'Second target is the {}, about {} metres from the trunk.',
      (r) => r.pick(TARGETS).toLowerCase(),
      n(3, 25),
    ],
    [
      'Target could be moved: {}.',
      one(['no', 'yes, the benches can be relocated', 'the parking can be closed', 'partly']),
    ],
    ['Restricting access is {} during events.', one(['practical', 'not practical', 'possible'])],
    ['Occupancy rises to about {} people an hour at school drop off.', n(20, 300)],
  ],
  overall_tree_risk_rating: [
    ['Overall rating taken from the highest row of the risk categorization table.'],
    [
      'Overall tree risk is {}, driven by the {}.',
      (r) => r.pick(RATINGS).toLowerCase(),
      (r) => r.pick(TREE_PARTS).toLowerCase(),
    ],
    ['Residual risk after mitigation would be {}.', (r) => r.pick(RATINGS.slice(0, 2)).toLowerCase()],
    [
      'Likelihood of failure is {}, likelihood of impact is {}.',
      one(['improbable', 'possible', 'probable', 'imminent']),
      one(['very low', 'low', 'medium', 'high']),
    ],
  ],
  notes_explanations_descriptions: [
    [
      'Recommend removing dead wood over the {} and re-inspecting in {} months.',
      (r) => r.pick(TARGETS).toLowerCase(),
      w(6, 12),
    ],
    ['Client asked about removal, explained that pruning is enough at this stage.'],
    ['Photos taken of the {} side showing the defect.', dir],
    [
      'Mitigation options discussed: {}.',
      one(['crown reduction', 'cabling', 'removal', 'moving the target', 'mulching the root zone']),
    ],
    ['Next inspection should include a climbing inspection of the upper crown.'],
    [
      'Weather on site was {}, about {} degrees.',
      one(['dry', 'windy', 'light rain', 'overcast', 'sunny']),
      n(2, 31),
    ],
  ],
};

function sentence(r: Rng, section: RecordingSection): string {
  const [template, ...slots] = r.pick(SENTENCES[section]);
  let i = 0;
  return template.replace(/\{\}/g, () => slots[i++]!(r));
}

/** 150–650 characters of plausible field notes for one recording. */
function recordingTranscript(r: Rng, section: RecordingSection): string {
  const target = r.int(150, 650);
  const parts: string[] = [];
  let len = 0;
  while (len < target) {
    const s = sentence(r, section);
    parts.push(s);
    len += s.length + 1;
  }
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------------------
// The world: identities shared across jobs, and each job's skeleton

interface Tree {
  number: number;
  species: string;
  address: string;
  lat: number;
  lon: number;
  dbh: number;
  height: number;
  spot: string;
}

interface Billing {
  id: number;
  name: string;
  address: string;
  contact: string;
}

interface Customer {
  name: string;
  trees: Tree[];
  billing: Billing | null;
  phone: string;
  contactPreference: string;
}

interface Assessor {
  name: string;
  profile: { name: string; isa_number: string; phone: string; correspondence_email: string } | null;
}

type JobStatus = 'DRAFT' | 'SUBMITTED_FOR_PROCESSING' | 'REVIEW_RETURNED' | 'FAILED' | 'ARCHIVED';

interface Skeleton {
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

interface World {
  seed: number;
  customers: Customer[];
  assessors: Assessor[];
  jobs: Skeleton[];
  lastJobNumber: number;
  counterMtime: number;
}

const DAY = 86400;

function buildWorld(jobCount: number, seed: number): World {
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
    const jr = new Rng(seedFrom('jobmig-store', seed, 'job', i, 'skeleton'));
    let folder = '';
    for (let salt = 0; !folder || usedFolders.has(folder); salt++) {
      folder =
        'job_' +
        createHash('sha256')
          .update(`jobmig-store\0${seed}\0folder\0${i}\0${salt}`)
          .digest('hex')
          .slice(0, 12);
    }
    usedFolders.add(folder);
    // A quarter of the work comes from the busiest tenth of the customers.
    const customer = cr.chance(0.25)
      ? cr.int(0, Math.max(0, Math.ceil(customers.length / 10) - 1))
      : cr.int(0, customers.length - 1);
    const tree = jr.int(0, customers[customer]!.trees.length - 1);
    const assessor = jr.weighted([5, 4, 3, 3, 2, 1.5, 1]);
    const archived = jr.chance(0.8);
    const status: JobStatus = archived
      ? 'ARCHIVED'
      : (['DRAFT', 'SUBMITTED_FOR_PROCESSING', 'REVIEW_RETURNED', 'FAILED'] as const)[
          jr.weighted([35, 15, 35, 15])
        ]!;
    const roundCount = 1 + jr.weighted([18, 32, 30, 12, 8]);
    const roundNums: number[] = [];
    let num = 0;
    for (let k = 0; k < roundCount; k++) {
      num += jr.chance(0.15) ? jr.int(2, 10) : 1;
      roundNums.push(num);
    }
    // The last round of a draft or a submitted job has no review yet.
    const reviewed = roundNums.map(
      (_, k) =>
        k < roundCount - 1 || status === 'ARCHIVED' || status === 'REVIEW_RETURNED' || status === 'FAILED',
    );
    jobs.push({
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
      createdAt: start + Math.floor((i * span) / Math.max(1, jobCount)) + jr.int(0, 6 * 3600),
      irregular: new Set(),
    });
  }

  assignIrregularities(r.fork('irregularities'), jobs);

  // Job numbers: the counter hands out one number per job; a duplicate reuses the previous job's number.
  let counter = 0;
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    if (!(job.irregular.has('duplicate_job_number') && i > 0)) counter++;
    job.jobNumber = 'J' + String(counter).padStart(4, '0');
  }
  const counterMtime = jobs.length ? jobs[jobs.length - 1]!.createdAt : start;
  return { seed, customers, assessors, jobs, lastJobNumber: counter, counterMtime };
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
  // Management companies that bill for several customers.
  const managers: Billing[] = [];
  const managerCount = Math.max(1, Math.round(count / 10));
  let billingId = 0;
  for (let i = 0; i < managerCount; i++) {
    const city = r.pick(CITIES);
    managers.push({
      id: billingId++,
      name: `${r.pick(PLACES)} Property Management${i >= PLACES.length ? ` ${i}` : ''}`,
      address: `PO Box ${r.int(100, 9999)}, ${city.city}, ${city.state} ${city.zip}`,
      contact: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`,
    });
  }
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const base = names[i % names.length]!;
    const name = i < names.length ? base : `${base} ${Math.floor(i / names.length) + 1}`;
    const city = r.pick(CITIES);
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
    const b = r.float();
    const billing: Billing | null =
      b < 0.55
        ? {
            id: billingId++,
            name: `${name} - Accounts Payable`,
            address: `PO Box ${r.int(100, 9999)}, ${city.city}, ${city.state} ${city.zip}`,
            contact: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`,
          }
        : b < 0.75
          ? r.pick(managers)
          : null;
    customers.push({
      name,
      trees,
      billing,
      phone: `+1 ${r.pick(['541', '503', '971', '360', '208'])} 555 ${String(r.int(0, 9999)).padStart(4, '0')}`,
      contactPreference: r.pick(['email', 'email', 'phone', 'text']),
    });
  }
  return customers;
}

function assignIrregularities(r: Rng, jobs: Skeleton[]): void {
  const hasReview = (j: Skeleton) => j.reviewed.some(Boolean);
  const eligible: Record<IrregularityKind, (j: Skeleton, i: number) => boolean> = {
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
  const target = jobs.length === 0 ? 0 : Math.max(1, Math.round(IRREGULARITY_RATE * jobs.length));
  const order = r.shuffle(jobs.map((_, i) => i));
  // Kinds with the narrowest eligibility go first so the disjoint assignment can satisfy them.
  const kinds: IrregularityKind[] = [
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
  let cursor = 0;
  for (const kind of kinds) {
    let got = 0;
    for (let scanned = 0; scanned < order.length && got < target; scanned++) {
      const i = order[(cursor + scanned) % order.length]!;
      const job = jobs[i]!;
      if (job.irregular.size > 0 || !eligible[kind](job, i)) continue;
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

// ---------------------------------------------------------------------------------------------------
// One job's files

interface PlannedFile {
  rel: string;
  kind: GeneratedFileKind;
  data: string | Buffer;
  /** Seconds since the epoch. */
  mtime: number;
}

interface BuiltJob {
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

interface Recording {
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

interface Image {
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

const AUDIO: Record<
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
const JPEG_BYTES = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('fake-jpg')]);
const PNG_BYTES = Buffer.concat([Buffer.from([0x89]), Buffer.from('PNG-fake-png')]);
const REPORT_JPEG_BYTES = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from('fake-report-jpg'),
]);
const PDF_BYTES = Buffer.from('%PDF-1.4 placeholder\n');
const DOCX_BYTES = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('-fake-docx')]);

function buildJob(world: World, index: number): BuiltJob {
  const sk = world.jobs[index]!;
  const r = new Rng(seedFrom('jobmig-store', world.seed, 'job', index, 'content'));
  const customer = world.customers[sk.customer]!;
  const tree = customer.trees[sk.tree]!;
  const assessor = world.assessors[sk.assessor]!;
  const irr = sk.irregular;
  const folder = sk.folder;
  const oldRoot = `${OLD_SERVER_ROOT}/${folder}`;
  const short = folder.slice(4, 12);
  const files: PlannedFile[] = [];
  const add = (rel: string, kind: GeneratedFileKind, data: string | Buffer, mtime: number) =>
    files.push(plannedFile(rel, kind, data, mtime));
  const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

  // ---- timeline
  const roundIds = sk.roundNums.map((k) => `round_${k}`);
  const roundCount = roundIds.length;
  const roundStart: number[] = [];
  let t = sk.createdAt + r.int(1, 5) * DAY + r.int(7, 10) * 3600;
  for (let k = 0; k < roundCount; k++) {
    roundStart.push(t);
    t += r.int(3, 30) * DAY;
  }

  // ---- media
  const recordings: Recording[] = [];
  const sectionCounts = new Map<RecordingSection, number>();
  for (let k = 0; k < sk.recordings; k++) {
    const round = Math.min(roundCount - 1, Math.floor(r.float() ** 1.4 * roundCount));
    const section = RECORDING_SECTIONS[r.weighted(SECTION_WEIGHTS)]!;
    sectionCounts.set(section, (sectionCounts.get(section) ?? 0) + 1);
    recordings.push(newRecording(r, `rec_${short}_${String(k + 1).padStart(2, '0')}`, section, round));
  }
  // The first round always carries something.
  if (!recordings.some((x) => x.round === 0)) recordings[0]!.round = 0;
  const images: Image[] = [];
  for (let k = 0; k < sk.images; k++) {
    const round = Math.min(roundCount - 1, Math.floor(r.float() ** 1.2 * roundCount));
    images.push({
      id: `img_${short}_${k + 1}`,
      ext: r.chance(0.85) ? 'jpg' : 'png',
      round,
      uploadedAt: 0,
      caption: r.chance(0.85)
        ? `${tree.spot} ${r.pick(['full view', 'trunk base', 'crown from the ' + r.pick(DIRECTIONS), 'defect close-up', 'target area', 'root flare', 'after pruning'])}`
        : null,
      gps: r.chance(0.3)
        ? {
            latitude: round5(tree.lat + (r.float() - 0.5) * 0.001),
            longitude: round5(tree.lon + (r.float() - 0.5) * 0.001),
          }
        : null,
      inManifest: true,
      inReview: true,
      storedPath: null,
    });
  }
  // Upload order within a round: recordings by section, then images.
  const uploadClock = roundStart.slice();
  const byUpload = [...recordings].sort(
    (a, b) =>
      a.round - b.round || RECORDING_SECTIONS.indexOf(a.section) - RECORDING_SECTIONS.indexOf(b.section),
  );
  for (const rec of byUpload) rec.uploadedAt = uploadClock[rec.round]! += r.int(60, 420);
  for (const img of images) img.uploadedAt = uploadClock[img.round]! += r.int(30, 240);

  const lastRound = roundCount - 1;
  const reviewTime = roundStart.map((_, k) => uploadClock[k]! + r.int(1, 6) * 3600 + r.int(0, 3599));
  const failedLast = sk.status === 'FAILED';
  for (const rec of recordings) {
    const pending = !sk.reviewed[rec.round];
    rec.failed = (failedLast && rec.round === lastRound) || (!pending && r.chance(0.02));
    rec.transcript = pending || rec.failed ? null : recordingTranscript(r, rec.section);
  }

  // ---- irregular media
  const reviewedRecs = () =>
    recordings.filter((x) => sk.reviewed[x.round] && x.inManifest && x.inReview && x.hasAudio && x.hasMeta);
  if (irr.has('manifest_only_media')) {
    const rec = r.pick(reviewedRecs());
    rec.inReview = false;
  }
  if (irr.has('review_only_media')) {
    const imgs = images.filter((x) => sk.reviewed[x.round]);
    if (imgs.length && r.chance(0.4)) r.pick(imgs).inManifest = false;
    else r.pick(reviewedRecs()).inManifest = false;
  }
  if (irr.has('unplaced_recording')) {
    const section = RECORDING_SECTIONS[r.weighted(SECTION_WEIGHTS)]!;
    const rec = newRecording(
      r,
      `rec_${short}_${String(recordings.length + 1).padStart(2, '0')}`,
      section,
      r.int(0, lastRound),
    );
    rec.uploadedAt = uploadClock[rec.round]! += r.int(60, 420);
    rec.transcript = recordingTranscript(r, section);
    rec.inManifest = false;
    rec.inReview = false;
    recordings.push(rec);
  }
  const plain = () =>
    recordings.filter((x) => x.inManifest && x.inReview && x.hasAudio && x.hasMeta && !x.truncatedMeta);
  if (irr.has('meta_without_bytes')) {
    const rec = r.pick(plain());
    rec.hasAudio = false;
    rec.transcript = null;
    rec.failed = true;
  }
  if (irr.has('bytes_without_meta')) {
    const rec = r.pick(plain());
    rec.hasMeta = false;
    rec.transcript = null;
  }
  if (sk.brokenShape === 'truncated_meta') r.pick(plain()).truncatedMeta = true;
  if (irr.has('stored_path_outside')) {
    const useImage = images.length > 0 && r.chance(0.3);
    const other =
      world.jobs[(index + 1 + r.int(0, Math.max(0, world.jobs.length - 2))) % world.jobs.length]!.folder;
    if (useImage) {
      const img = r.pick(images);
      img.storedPath = r.chance(0.5)
        ? `${oldRoot}/../../../../../etc/passwd`
        : `${OLD_SERVER_ROOT}/${other}/sections/job_photos/images/img_${other.slice(4, 12)}_1.jpg`;
    } else {
      const rec = r.pick(plain());
      rec.storedPath = r.chance(0.5)
        ? `${oldRoot}/../../../../../etc/passwd`
        : `${OLD_SERVER_ROOT}/${other}/sections/${rec.section}/recordings/rec_${other.slice(4, 12)}_01.${rec.ext}`;
    }
  }

  // ---- identity as written
  let customerName: unknown = customer.name;
  if (irr.has('customer_spelling')) {
    const v = r.int(0, 3);
    customerName =
      v === 0
        ? ` ${customer.name.toLowerCase()} `
        : v === 1
          ? customer.name.toUpperCase()
          : v === 2
            ? customer.name.toLowerCase()
            : customer.name.replace(/ /g, '  ');
  }
  let treeNumber: unknown = tree.number;
  if (irr.has('tree_number_word')) treeNumber = WORDS[tree.number] ?? String(tree.number);
  else if (r.chance(0.1)) treeNumber = String(tree.number);
  const lowerStatus = r.chance(0.1);
  const writtenStatus = lowerStatus ? sk.status.toLowerCase() : sk.status;
  const statusKey: 'status' | 'upload_status' | null = r.chance(0.6)
    ? 'status'
    : r.chance(0.85)
      ? 'upload_status'
      : null;

  // ---- form content
  const rating = r.weighted([35, 40, 20, 5]);
  const formVersion = sk.createdAt < Date.UTC(2021, 6, 1) / 1000 ? '2021.1' : '2023.2';
  const gpsMissing = r.chance(0.03);
  const buildForm = (round: number, ratingIndex: number, interval: string) => {
    const when = new Date(roundStart[round]! * 1000).toISOString();
    const targets = Array.from({ length: r.int(1, 3) }, () => ({
      description: r.pick(TARGETS),
      occupancy: r.pick(['constant', 'frequent', 'occasional', 'rare']),
      within_drip_line: r.chance(0.6),
    }));
    return {
      client_tree_details: {
        client: customerName,
        tree_number: treeNumber,
        tree_species: tree.species,
        dbh: tree.dbh,
        height: tree.height,
        gps: gpsMissing ? { latitude: null, longitude: null } : { latitude: tree.lat, longitude: tree.lon },
        address_tree_location: tree.address,
        assessors: assessor.name,
        date: when.slice(0, 10),
        time: when.slice(11, 16),
      },
      site_factors: {
        history_of_failures: r.pick(['None known', 'One limb failure in 2018', 'Neighbouring tree failed']),
        topography: r.pick(['Flat', 'Gentle slope', 'Steep slope']),
        site_changes: r.pick(['None', 'Trenching', 'Grade change', 'New paving']),
        soil_conditions: r.pick(['Compacted', 'Normal', 'Saturated', 'Shallow', 'Limited volume']),
        prevailing_wind: r.pick(['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW']),
      },
      crown_and_branches: {
        dead_twigs_branches: r.chance(0.5),
        max_dia_cm: r.int(0, 25),
        broken_hangers: r.chance(0.2),
        over_extended_branches: r.chance(0.3),
        notes: r.pick([
          'Dead limbs over path',
          'Normal crown',
          'Codominant stems with included bark',
          'Past topping cuts',
        ]),
      },
      trunk: {
        cavity: r.chance(0.25),
        lean_degrees: r.int(0, 20),
        conks: r.chance(0.1),
        notes: r.pick(['Sound wood', 'Old wound closing', 'Seam on the south side', 'Bark intact']),
      },
      roots_and_root_collar: {
        collar_buried: r.chance(0.4),
        girdling_roots: r.chance(0.2),
        root_plate_lifting: r.chance(0.05),
      },
      target_assessment: { targets },
      risk_categorization: targets.map((tg) => ({
        target: tg.description,
        tree_part: r.pick(TREE_PARTS),
        condition: r.pick(['Dead, 8 cm', 'Included bark', 'Decay at base', 'Over extended', 'Lean']),
        part_size: `${r.int(5, 60)} cm`,
        fall_distance: `${r.int(3, 30)} m`,
        likelihood_failure: r.pick(['improbable', 'possible', 'probable', 'imminent']),
        likelihood_impact: r.pick(['very low', 'low', 'medium', 'high']),
        failure_and_impact: r.pick(['unlikely', 'somewhat likely', 'likely', 'very likely']),
        consequences: r.pick(['negligible', 'minor', 'significant', 'severe']),
        risk_rating: RATINGS[ratingIndex]!.toLowerCase(),
      })),
      overall_tree_risk_rating: { rating: RATINGS[ratingIndex]! },
      overall_residual_risk: RATINGS[Math.max(0, ratingIndex - 1)]!,
      recommended_inspection_interval: { text: interval },
      notes_explanations_descriptions:
        sentence(r, 'notes_explanations_descriptions') + ' ' + sentence(r, 'notes_explanations_descriptions'),
    };
  };

  // ---- rounds: manifests and reviews
  const dirs = new Set<string>();
  const reviewed = sk.reviewed.slice();
  const emptyReviewRound =
    sk.brokenShape === 'empty_review'
      ? r.pick(reviewed.map((v, k) => (v ? k : -1)).filter((k) => k >= 0))
      : -1;
  const transcriptsAt = (round: number) => {
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
  };
  const serverRevision = (round: number) => `srv-rev-${sk.jobNumber.slice(1)}-${sk.roundNums[round]}`;
  const reviewForms: unknown[] = [];
  for (let k = 0; k < roundCount; k++) {
    const rid = roundIds[k]!;
    dirs.add(`rounds/${rid}`);
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
    add(`rounds/${rid}/manifest.json`, 'manifest_json', json(items), uploadClock[k]! + 5);
    const form = buildForm(k, rating, r.pick(INTERVALS));
    reviewForms.push(form);
    if (!reviewed[k]) continue;
    if (k === emptyReviewRound) {
      add(`rounds/${rid}/review.json`, 'review_json', '', reviewTime[k]!);
      continue;
    }
    const failed = failedLast && k === lastRound;
    const at = transcriptsAt(k);
    const failures = recordings
      .filter((x) => x.round === k && x.failed && x.inReview)
      .map((x) => ({
        recording_id: x.id,
        section_id: x.section,
        error: x.hasAudio ? 'ffprobe: Invalid data found when processing input' : 'audio file missing',
      }));
    const review = {
      round_id: rid,
      server_revision_id: serverRevision(k),
      ...(r.chance(0.9) ? { status: failed ? 'FAILED' : 'REVIEW_RETURNED' } : {}),
      transcript: failed ? '' : at.transcript,
      section_recordings: at.sectionRecordings,
      section_transcripts: failed ? {} : at.sectionTranscripts,
      issue_recordings: {},
      issue_transcripts: {},
      draft_form: null,
      draft_narrative: null,
      form: failed ? null : { schema_name: 'traq', schema_version: formVersion, data: form },
      narrative: failed
        ? null
        : { text: narrativeText(r, tree, rating, form.recommended_inspection_interval.text) },
      tree_number: failed ? null : treeNumber,
      images: images
        .filter((x) => x.round <= k && x.inReview)
        .map((x) => ({ image_id: x.id, caption: x.caption, uploaded_at: iso(x.uploadedAt) })),
      transcription_failures: failures,
    };
    add(`rounds/${rid}/review.json`, 'review_json', json(review), reviewTime[k]!);
  }

  // ---- media files
  for (const rec of recordings) {
    const dir = `sections/${rec.section}/recordings`;
    dirs.add(dir);
    const audio = AUDIO[rec.ext];
    const mtime = rec.uploadedAt;
    if (rec.hasAudio) add(`${dir}/${rec.id}.${rec.ext}`, 'audio', audio.bytes, mtime);
    if (rec.hasMeta) {
      const durationMs = r.int(3000, 90000);
      const meta: Record<string, unknown> = {
        recording_id: rec.id,
        section_id: rec.section,
        content_type: audio.contentType,
        bytes: audio.bytes.length,
        stored_path: rec.storedPath ?? `${oldRoot}/${dir}/${rec.id}.${rec.ext}`,
        uploaded_at: iso(rec.uploadedAt),
        audio_probe:
          rec.failed && rec.hasAudio
            ? {
                duration_ms: null,
                codec_name: null,
                sample_rate: null,
                channels: null,
                duration: null,
                format_name: null,
                ffprobe_error: 'Invalid data found when processing input',
              }
            : {
                duration_ms: durationMs,
                codec_name: audio.codec,
                sample_rate: audio.rate,
                channels: r.chance(0.7) ? 1 : 2,
                duration: (durationMs / 1000).toFixed(6),
                format_name: audio.format,
                ffprobe_error: null,
              },
      };
      const recStatus = rec.failed
        ? 'failed'
        : rec.transcript !== null
          ? statusKey === 'upload_status'
            ? 'uploaded'
            : 'processed'
          : r.pick(['uploaded', 'uploaded', 'pending', 'uploading']);
      if (statusKey) meta[statusKey] = recStatus;
      let text = json(meta);
      if (rec.truncatedMeta) {
        // Cut inside stored_path, as a crash mid-write left it.
        const at = text.indexOf('"stored_path": "') + '"stored_path": "'.length + 20;
        text = text.slice(0, at);
      }
      add(`${dir}/${rec.id}.meta.json`, 'recording_meta', text, mtime + 1);
    }
    if (rec.transcript !== null)
      add(
        `${dir}/${rec.id}.transcript.txt`,
        'transcript_txt',
        rec.transcript + '\n',
        reviewTime[rec.round] ?? mtime,
      );
  }
  for (const img of images) {
    const dir = 'sections/job_photos/images';
    dirs.add(dir);
    const bytes = img.ext === 'png' ? PNG_BYTES : JPEG_BYTES;
    add(`${dir}/${img.id}.${img.ext}`, 'image', bytes, img.uploadedAt);
    add(`${dir}/${img.id}.report.jpg`, 'report_image', REPORT_JPEG_BYTES, img.uploadedAt + 2);
    const meta: Record<string, unknown> = {
      image_id: img.id,
      section_id: 'job_photos',
      content_type: img.ext === 'png' ? 'image/png' : 'image/jpeg',
      bytes: bytes.length,
      stored_path: img.storedPath ?? `${oldRoot}/${dir}/${img.id}.${img.ext}`,
      report_image_path: `${oldRoot}/${dir}/${img.id}.report.jpg`,
      report_bytes: REPORT_JPEG_BYTES.length,
      uploaded_at: iso(img.uploadedAt),
    };
    if (img.caption !== null) meta.caption = img.caption;
    if (img.gps) Object.assign(meta, img.gps);
    add(`${dir}/${img.id}.meta.json`, 'image_meta', json(meta), img.uploadedAt + 3);
  }

  // ---- final and correction
  const archived = sk.status === 'ARCHIVED';
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
  let finalTranscriptBytes: number | null = null;
  let archivedAt = reviewTime[lastRound]!;
  let correctedAt = archivedAt;
  if (archived) {
    archivedAt = reviewTime[lastRound]! + r.int(1, 10) * DAY + r.int(0, 8 * 3600);
    const form = reviewForms[finalRound] as ReturnType<typeof buildForm>;
    const transcript = transcriptsAt(irr.has('final_round_missing') ? lastRound : finalRound).transcript;
    finalTranscriptBytes = Buffer.byteLength(transcript);
    const reportImages = (upTo: number) =>
      images
        .filter((x) => x.round <= upTo)
        .map((x) => ({
          caption: x.caption,
          stored_path: `${oldRoot}/sections/job_photos/images/${x.id}.report.jpg`,
          path: `sections/job_photos/images/${x.id}.report.jpg`,
          uploaded_at: iso(x.uploadedAt),
        }));
    const withProfile = assessor.profile !== null && r.chance(0.6);
    const plainNarrative = formVersion === '2021.1' && r.chance(0.3);
    const narrative = narrativeText(r, tree, rating, form.recommended_inspection_interval.text);
    const archivedOnly = irr.has('archived_only');
    const snapshot = (
      roundId: string,
      rev: number,
      at: number,
      f: unknown,
      transcript: string,
      text: string,
      upTo: number,
    ) => ({
      job_id: folder,
      ...(archivedOnly
        ? { job_number: sk.jobNumber, project: customer.name, project_slug: slug(customer.name) }
        : {}),
      round_id: roundId,
      server_revision_id: `srv-rev-${sk.jobNumber.slice(1)}-${roundId.slice('round_'.length)}`,
      client_revision_id: `cli-rev-${sk.jobNumber.slice(1)}-${rev}`,
      archived_at: iso(at),
      transcript,
      form: { schema_name: 'traq', schema_version: formVersion, data: f },
      narrative: plainNarrative ? text : { text },
      user_name: assessor.name,
      report_images: reportImages(upTo),
      ...(withProfile ? { profile: assessor.profile } : {}),
    });
    const finalRev = r.int(2, 12);
    const final = snapshot(finalRoundId, finalRev, archivedAt, form, transcript, narrative, finalRound);
    add('final.json', 'final_json', json(final), archivedAt);
    add(
      'final.geojson',
      'geojson',
      json(geojson(sk.jobNumber, assessor.name, form, final.report_images)),
      archivedAt + 4,
    );
    add(
      formVersion === '2021.1' && r.chance(0.3) ? 'traq_page1.pdf' : 'final_traq_page1.pdf',
      'final_pdf',
      PDF_BYTES,
      archivedAt + 5,
    );
    add('final_report_letter.pdf', 'report_pdf', PDF_BYTES, archivedAt + 6);
    const docx = r.chance(0.35);
    if (docx) add('final_report_letter.docx', 'report_docx', DOCX_BYTES, archivedAt + 7);
    if (sk.correction) {
      correctedAt = archivedAt + r.int(2, 90) * DAY + r.int(0, 8 * 3600);
      const newRating = Math.max(0, rating - 1);
      const corrected = structuredClone(form);
      const interval = r.pick(INTERVALS);
      corrected.overall_tree_risk_rating.rating = RATINGS[newRating]!;
      corrected.recommended_inspection_interval.text = interval;
      corrected.client_tree_details.date = iso(correctedAt - 2 * DAY).slice(0, 10);
      for (const row of corrected.risk_categorization) row.risk_rating = RATINGS[newRating]!.toLowerCase();
      corrected.notes_explanations_descriptions = `Correction: ${sentence(r, 'notes_explanations_descriptions')} Re-inspect in ${interval}.`;
      const text = `Correction: ${narrativeText(r, tree, newRating, interval)}`;
      // A correction is made from the job's latest round (an edit after archive, or a later round).
      const correction = snapshot(
        roundIds[lastRound]!,
        finalRev + r.int(1, 6),
        correctedAt,
        corrected,
        transcriptsAt(lastRound).transcript,
        text,
        lastRound,
      );
      add('final_correction.json', 'final_json', json(correction), correctedAt);
      add(
        'final_correction.geojson',
        'geojson',
        json(geojson(sk.jobNumber, assessor.name, corrected, correction.report_images)),
        correctedAt + 4,
      );
      add('final_traq_page1_correction.pdf', 'final_pdf', PDF_BYTES, correctedAt + 5);
      add('final_report_letter_correction.pdf', 'report_pdf', PDF_BYTES, correctedAt + 6);
      if (docx && r.chance(0.6))
        add('final_report_letter_correction.docx', 'report_docx', DOCX_BYTES, correctedAt + 7);
    }
  }

  // ---- processed_artifacts.json
  const transcribed = recordings.filter((x) => x.transcript !== null && x.hasMeta);
  if (transcribed.length && r.chance(0.4)) {
    const processed: Record<string, string[]> = {};
    for (const section of RECORDING_SECTIONS) {
      const ids = transcribed.filter((x) => x.section === section).map((x) => x.id);
      if (ids.length) processed[section] = ids;
    }
    add('processed_artifacts.json', 'processed_artifacts', json(processed), reviewTime[lastRound]! + 60);
  }

  // ---- job_record.json
  let billing: number | null = null;
  if (!irr.has('archived_only')) {
    const roundStatus =
      sk.status === 'ARCHIVED' || sk.status === 'REVIEW_RETURNED'
        ? 'REVIEW_RETURNED'
        : sk.status === 'FAILED'
          ? 'FAILED'
          : sk.status;
    const record: Record<string, unknown> = {
      job_id: folder,
      job_number: sk.jobNumber,
      status: writtenStatus,
      customer_name: customerName,
      tree_number: treeNumber,
      address: tree.address,
      tree_species: tree.species,
      reason: r.pick(REASONS),
      job_name: `${tree.spot} ${tree.species.split(' (')[0]!.toLowerCase()}`,
      job_address: tree.address,
      job_phone: customer.phone,
      contact_preference: customer.contactPreference,
    };
    const b = customer.billing;
    if (b) {
      const style = r.float();
      if (style < 0.9) {
        record.billing_name = b.name;
        record.billing_address = b.address;
        record.billing_contact_name = b.contact;
        billing = b.id;
      } else if (style < 0.95) {
        record.billing_name = null;
        record.billing_address = null;
        record.billing_contact_name = null;
      }
    } else if (r.chance(0.3)) {
      record.billing_name = null;
      record.billing_address = null;
      record.billing_contact_name = null;
    }
    record.location_notes = r.chance(0.7)
      ? `Tree is ${r.pick(['left of', 'right of', 'behind', 'in front of', 'next to'])} the ${r.pick(['north gate', 'main building', 'parking lot', 'playground', 'fence', 'footpath'])}`
      : null;
    record.latest_round_id = recordRoundId;
    record.latest_round_status = lowerStatus ? roundStatus.toLowerCase() : roundStatus;
    if (sk.brokenShape === 'wrong_type_record') {
      record.customer_name = [customer.name];
      record.tree_number = { n: tree.number };
    }
    add(
      'job_record.json',
      'job_record',
      json(record),
      Math.max(correctedAt, archivedAt, reviewTime[lastRound]!, uploadClock[lastRound]!) + 30,
    );
  }

  return {
    folder,
    dirs: [...dirs].sort(byCodePoint),
    files,
    customer: sk.customer,
    tree: sk.tree,
    assessor: archived ? sk.assessor : null,
    billing,
    rounds: roundCount,
    recordings: recordings.length,
    images: images.length,
    final: archived,
    correction: archived && sk.correction,
    finalTranscriptBytes,
  };
}

function newRecording(r: Rng, id: string, section: RecordingSection, round: number): Recording {
  return {
    id,
    section,
    ext: (['wav', 'm4a', 'mp3'] as const)[r.weighted([40, 45, 15])]!,
    round,
    uploadedAt: 0,
    transcript: null,
    failed: false,
    inManifest: true,
    inReview: true,
    hasAudio: true,
    hasMeta: true,
    storedPath: null,
    truncatedMeta: false,
  };
}

function narrativeText(r: Rng, tree: Tree, rating: number, interval: string): string {
  const species = tree.species.split(' (')[0]!.toLowerCase();
  return (
    `The ${species} at the ${tree.spot.toLowerCase()} presents a ${RATINGS[rating]!.toLowerCase()} risk, driven by the ` +
    `${r.pick(TREE_PARTS).toLowerCase()} over the ${r.pick(TARGETS).toLowerCase()}. ` +
    `${r.pick(['Prune dead wood', 'Reduce the over extended limb', 'Install a cable', 'Mulch the root zone', 'Monitor the decay'])} ` +
    `and re-inspect in ${interval}.`
  );
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

// ---------------------------------------------------------------------------------------------------
// Stats

interface Accumulator {
  seed: number;
  jobFolders: number;
  finals: number;
  corrections: number;
  rounds: number;
  recordings: number;
  images: number;
  customers: Set<number>;
  trees: Set<string>;
  assessors: Set<number>;
  billing: Set<number>;
  byKind: Record<GeneratedFileKind, number>;
  files: number;
  bytes: number;
  transcript: { min: number; max: number; sum: number; n: number };
}

function newAccumulator(seed: number): Accumulator {
  return {
    seed,
    jobFolders: 0,
    finals: 0,
    corrections: 0,
    rounds: 0,
    recordings: 0,
    images: 0,
    customers: new Set(),
    trees: new Set(),
    assessors: new Set(),
    billing: new Set(),
    byKind: Object.fromEntries(FILE_KINDS.map((k) => [k, 0])) as Record<GeneratedFileKind, number>,
    files: 0,
    bytes: 0,
    transcript: { min: Infinity, max: 0, sum: 0, n: 0 },
  };
}

/** An Accumulator as it crosses a thread boundary (sets as arrays). */
type SerializedAccumulator = Omit<Accumulator, 'customers' | 'trees' | 'assessors' | 'billing'> & {
  customers: number[];
  trees: string[];
  assessors: number[];
  billing: number[];
};

function serializeAccumulator(acc: Accumulator): SerializedAccumulator {
  return {
    ...acc,
    customers: [...acc.customers],
    trees: [...acc.trees],
    assessors: [...acc.assessors],
    billing: [...acc.billing],
  };
}

function mergeAccumulator(acc: Accumulator, part: SerializedAccumulator): void {
  acc.jobFolders += part.jobFolders;
  acc.finals += part.finals;
  acc.corrections += part.corrections;
  acc.rounds += part.rounds;
  acc.recordings += part.recordings;
  acc.images += part.images;
  for (const x of part.customers) acc.customers.add(x);
  for (const x of part.trees) acc.trees.add(x);
  for (const x of part.assessors) acc.assessors.add(x);
  for (const x of part.billing) acc.billing.add(x);
  for (const k of FILE_KINDS) acc.byKind[k] += part.byKind[k];
  acc.files += part.files;
  acc.bytes += part.bytes;
  const t = acc.transcript;
  t.min = Math.min(t.min, part.transcript.min);
  t.max = Math.max(t.max, part.transcript.max);
  t.sum += part.transcript.sum;
  t.n += part.transcript.n;
}

function count(acc: Accumulator, f: PlannedFile): void {
  acc.byKind[f.kind]++;
  acc.files++;
  acc.bytes += typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.length;
}

function addJobStats(acc: Accumulator, job: BuiltJob): void {
  acc.jobFolders++;
  acc.rounds += job.rounds;
  acc.recordings += job.recordings;
  acc.images += job.images;
  if (job.final) acc.finals++;
  if (job.correction) acc.corrections++;
  acc.customers.add(job.customer);
  acc.trees.add(`${job.customer}/${job.tree}`);
  if (job.assessor !== null) acc.assessors.add(job.assessor);
  if (job.billing !== null) acc.billing.add(job.billing);
  if (job.finalTranscriptBytes !== null) {
    const t = acc.transcript;
    t.min = Math.min(t.min, job.finalTranscriptBytes);
    t.max = Math.max(t.max, job.finalTranscriptBytes);
    t.sum += job.finalTranscriptBytes;
    t.n++;
  }
}

function finishStats(acc: Accumulator, world: World): GeneratedStoreStats {
  const irregularJobs = Object.fromEntries(IRREGULARITY_KINDS.map((k) => [k, [] as string[]])) as Record<
    IrregularityKind,
    string[]
  >;
  const brokenFiles: Record<BrokenFileShape, number> = {
    truncated_meta: 0,
    empty_review: 0,
    wrong_type_record: 0,
  };
  for (const job of world.jobs) {
    for (const kind of job.irregular) irregularJobs[kind].push(job.folder);
    if (job.brokenShape) brokenFiles[job.brokenShape]++;
  }
  for (const list of Object.values(irregularJobs)) list.sort(byCodePoint);
  const t = acc.transcript;
  return {
    seed: acc.seed,
    jobFolders: acc.jobFolders,
    finals: acc.finals,
    corrections: acc.corrections,
    rounds: acc.rounds,
    recordings: acc.recordings,
    images: acc.images,
    customers: acc.customers.size,
    trees: acc.trees.size,
    assessors: acc.assessors.size,
    billingProfiles: acc.billing.size,
    files: { total: acc.files, byKind: acc.byKind },
    irregularities: Object.fromEntries(IRREGULARITY_KINDS.map((k) => [k, irregularJobs[k].length])) as Record<
      IrregularityKind,
      number
    >,
    brokenFiles,
    irregularJobs,
    finalTranscriptBytes: t.n
      ? { min: t.min, mean: Math.round(t.sum / t.n), max: t.max }
      : { min: 0, mean: 0, max: 0 },
    bytes: acc.bytes,
  };
}

// ---------------------------------------------------------------------------------------------------
// Mutation

async function mutateOne(jobRoot: string, r: Rng): Promise<void> {
  const metas: string[] = [];
  const sections = await readdir(path.join(jobRoot, 'sections')).catch(() => [] as string[]);
  for (const section of sections.sort(byCodePoint)) {
    const dir = path.join(jobRoot, 'sections', section, 'recordings');
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.sort(byCodePoint))
      if (name.endsWith('.meta.json')) metas.push(path.join(dir, name));
  }
  const shift = DAY + r.int(0, 3600);
  for (const file of metas) {
    const text = await readFile(file, 'utf8');
    let meta: unknown;
    try {
      meta = JSON.parse(text);
    } catch {
      continue;
    }
    if (!meta || typeof meta !== 'object' || Array.isArray(meta)) continue;
    const record = meta as Record<string, unknown>;
    const old = typeof record.uploaded_at === 'string' ? Date.parse(record.uploaded_at) : NaN;
    const before = await stat(file);
    const base = Number.isFinite(old) ? old / 1000 : Math.floor(before.mtimeMs / 1000);
    record.uploaded_at = iso(Math.floor(base) + shift);
    await writeFile(file, JSON.stringify(record, null, 2) + '\n');
    const mtime = Math.floor(before.mtimeMs / 1000) + shift;
    await utimes(file, mtime, mtime);
    return;
  }
  // No readable recording meta: bump the mtime of the job's first file so its fingerprint still changes.
  const fallback = ['job_record.json', 'final.json'].map((f) => path.join(jobRoot, f));
  for (const file of fallback) {
    const before = await stat(file).catch(() => null);
    if (!before) continue;
    const mtime = Math.floor(before.mtimeMs / 1000) + shift;
    await utimes(file, mtime, mtime);
    return;
  }
  throw new Error(`mutateJobs: nothing to change in ${jobRoot}`);
}

// ---------------------------------------------------------------------------------------------------
// Writing
//
// Files are written with synchronous calls: for thousands of tiny files a thread-pool round trip per
// call costs far more than the call itself (measured: ~7x slower with a promise pool of 64 on 2 cores).
// Parallelism comes from worker threads instead, each writing its share of the job folders.

const WORKER_TAG = '__jobmigGenerateStoreWorker';
const MAX_THREADS = 16;
const DEFAULT_THREADS = Math.min(8, availableParallelism());
/** Below this many jobs per thread, starting a worker costs more than it saves. */
const JOBS_PER_THREAD = 400;

interface WorkerInput {
  [WORKER_TAG]: true;
  jobs: number;
  seed: number;
  out: string;
  part: number;
  parts: number;
}

function writePlannedSync(abs: string, f: PlannedFile): void {
  const fd = openSync(abs, 'w');
  try {
    writeFileSync(fd, f.data);
    futimesSync(fd, f.mtime, f.mtime);
  } finally {
    closeSync(fd);
  }
}

/** Build and write jobs part, part + parts, part + 2 * parts, ...; returns what was written. */
function writeJobs(world: World, out: string, part: number, parts: number): SerializedAccumulator {
  const acc = newAccumulator(world.seed);
  for (let index = part; index < world.jobs.length; index += parts) {
    const job = buildJob(world, index);
    const root = path.join(out, job.folder);
    for (const dir of job.dirs) mkdirSync(path.join(root, dir), { recursive: true });
    for (const f of job.files) {
      writePlannedSync(path.join(root, f.rel), f);
      count(acc, f);
    }
    addJobStats(acc, job);
  }
  return serializeAccumulator(acc);
}

function runWorker(input: WorkerInput): Promise<SerializedAccumulator> {
  return new Promise((resolve, reject) => {
    // The worker runs this very module (compiled, or TypeScript through tsx: see worker-source.ts).
    const code = workerSource(import.meta.url);
    // V8 lets an idle old generation grow to GBs; each job's garbage is tiny, so a small heap suffices.
    const worker = new Worker(code, {
      eval: true,
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    let result: SerializedAccumulator | null = null;
    worker.once('message', (m: SerializedAccumulator) => (result = m));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`generate-store worker ${input.part} exited with code ${code} before reporting`));
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

function plannedFile(
  rel: string,
  kind: GeneratedFileKind,
  data: string | Buffer,
  mtime: number,
): PlannedFile {
  return { rel, kind, data, mtime };
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function prepareOut(out: string): Promise<void> {
  const existing = await readdir(out).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (existing && existing.length > 0)
    throw new Error(`refusing to generate into a non-empty directory: ${out}`);
  await mkdir(out, { recursive: true });
}

/** Run at most `max` of the given async functions at once. */
function limiter(max: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter, so `max` is never exceeded.
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

// Worker entry (kept last: everything above must be initialised first).
if (!isMainThread && (workerData as Partial<WorkerInput> | null)?.[WORKER_TAG]) {
  const input = workerData as WorkerInput;
  const world = buildWorld(input.jobs, input.seed);
  parentPort!.postMessage(writeJobs(world, input.out, input.part, input.parts));
}
