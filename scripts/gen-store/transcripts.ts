/** Spoken-style text: sentence templates per recording section, transcripts and report narratives. */
import type { Rng } from './rng.ts';
import type { Tree } from './world.ts';
import { DIRECTIONS, RATINGS, type RecordingSection, TARGETS, TREE_PARTS, WORDS } from './vocabulary.ts';

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

export function sentence(r: Rng, section: RecordingSection): string {
  const [template, ...slots] = r.pick(SENTENCES[section]);
  let i = 0;
  return template.replace(/\{\}/g, () => slots[i++]!(r));
}

/** 150–650 characters of plausible field notes for one recording. */
export function recordingTranscript(r: Rng, section: RecordingSection): string {
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

const ACTIONS = [
  'Prune dead wood',
  'Reduce the over extended limb',
  'Install a cable',
  'Mulch the root zone',
  'Monitor the decay',
];

export function narrativeText(r: Rng, tree: Tree, rating: number, interval: string): string {
  const species = tree.species.split(' (')[0]!.toLowerCase();
  return (
    `The ${species} at the ${tree.spot.toLowerCase()} presents a ${RATINGS[rating]!.toLowerCase()} risk, ` +
    `driven by the ` +
    `${r.pick(TREE_PARTS).toLowerCase()} over the ${r.pick(TARGETS).toLowerCase()}. ` +
    `${r.pick(ACTIONS)} ` +
    `and re-inspect in ${interval}.`
  );
}
