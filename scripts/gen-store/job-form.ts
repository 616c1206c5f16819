/**
 * What a job's documents say: its identities as written (customer spelling, tree number as a word,
 * status case and key) and the TRAQ form of each round.
 */
import type { JobContext } from './job-context.ts';
import type { Rng } from './rng.ts';
import { sentence } from './transcripts.ts';
import { RATINGS, TARGETS, TREE_PARTS, WORDS } from './vocabulary.ts';

export interface Written {
  customerName: unknown;
  treeNumber: unknown;
  lowerStatus: boolean;
  writtenStatus: string;
  /** The key recording metas carry their status under, if any. */
  statusKey: 'status' | 'upload_status' | null;
}

export function identityAsWritten(ctx: JobContext): Written {
  const { r, irr, customer, tree, sk } = ctx;
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
  const statusKey: Written['statusKey'] = r.chance(0.6) ? 'status' : r.chance(0.85) ? 'upload_status' : null;
  return { customerName, treeNumber, lowerStatus, writtenStatus, statusKey };
}

export type Form = ReturnType<typeof buildForm>;

export interface FormPlan {
  /** Index into RATINGS of the job's overall risk. */
  rating: number;
  formVersion: string;
  build: (round: number, ratingIndex: number, interval: string) => Form;
}

export function planForms(ctx: JobContext, written: Written): FormPlan {
  const { r, sk } = ctx;
  const rating = r.weighted([35, 40, 20, 5]);
  const formVersion = sk.createdAt < Date.UTC(2021, 6, 1) / 1000 ? '2021.1' : '2023.2';
  const gpsMissing = r.chance(0.03);
  const build = (round: number, ratingIndex: number, interval: string) =>
    buildForm(ctx, written, gpsMissing, round, ratingIndex, interval);
  return { rating, formVersion, build };
}

function buildForm(
  ctx: JobContext,
  written: Written,
  gpsMissing: boolean,
  round: number,
  ratingIndex: number,
  interval: string,
) {
  const { r, tree } = ctx;
  const when = new Date(ctx.roundStart[round]! * 1000).toISOString();
  const targets = Array.from({ length: r.int(1, 3) }, () => ({
    description: r.pick(TARGETS),
    occupancy: r.pick(['constant', 'frequent', 'occasional', 'rare']),
    within_drip_line: r.chance(0.6),
  }));
  return {
    client_tree_details: {
      client: written.customerName,
      tree_number: written.treeNumber,
      tree_species: tree.species,
      dbh: tree.dbh,
      height: tree.height,
      gps: gpsMissing ? { latitude: null, longitude: null } : { latitude: tree.lat, longitude: tree.lon },
      address_tree_location: tree.address,
      assessors: ctx.assessor.name,
      date: when.slice(0, 10),
      time: when.slice(11, 16),
    },
    ...treeObservations(r),
    target_assessment: { targets },
    risk_categorization: targets.map((tg) => riskRow(r, tg.description, ratingIndex)),
    overall_tree_risk_rating: { rating: RATINGS[ratingIndex]! },
    overall_residual_risk: RATINGS[Math.max(0, ratingIndex - 1)]!,
    recommended_inspection_interval: { text: interval },
    notes_explanations_descriptions:
      sentence(r, 'notes_explanations_descriptions') + ' ' + sentence(r, 'notes_explanations_descriptions'),
  };
}

/** Site, crown, trunk and roots sections, drawn in that order. */
function treeObservations(r: Rng) {
  return {
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
  };
}

function riskRow(r: Rng, target: string, ratingIndex: number) {
  return {
    target,
    tree_part: r.pick(TREE_PARTS),
    condition: r.pick(['Dead, 8 cm', 'Included bark', 'Decay at base', 'Over extended', 'Lean']),
    part_size: `${r.int(5, 60)} cm`,
    fall_distance: `${r.int(3, 30)} m`,
    likelihood_failure: r.pick(['improbable', 'possible', 'probable', 'imminent']),
    likelihood_impact: r.pick(['very low', 'low', 'medium', 'high']),
    failure_and_impact: r.pick(['unlikely', 'somewhat likely', 'likely', 'very likely']),
    consequences: r.pick(['negligible', 'minor', 'significant', 'severe']),
    risk_rating: RATINGS[ratingIndex]!.toLowerCase(),
  };
}
