/**
 * Every finding kind in one place: its severity and where it is computed. `rule` kinds come from a
 * pure TypeScript rule per job (src/reconcile/rules/<file>); `sql` kinds from a statement the
 * database runs (the file named), with the id parts given to jobmig_finding_id (schema/010).
 * test/db/finding-registry.test.ts holds each kind to exactly its declared source.
 */

/**
 * error: the reported record may be wrong; warning: provenance or files are incomplete; info: the
 * expected legacy shape.
 */
export type Severity = 'error' | 'warning' | 'info';

export type FindingSource =
  | { readonly kind: 'rule'; readonly file: string }
  | { readonly kind: 'sql'; readonly file: string; readonly idParts: string };

export interface FindingKindInfo {
  readonly severity: Severity;
  readonly source: FindingSource;
  /**
   * The keys of the finding's values that name its cause: findings of the kind with equal values
   * there are one cause group, decided as one. None: each finding is its own group. The database
   * reads the same from finding_cause_keys (schema/016; test/db/finding-groups.test.ts holds them equal).
   */
  readonly cause?: readonly string[];
}

/** Media findings: by the missing path's pattern, sections/<section_id>/<medium>s/*. */
const MEDIA_CAUSE = ['medium', 'section_id'] as const;
/** Assignment findings: by device. */
const DEVICE_CAUSE = ['job_assignments'] as const;

const rule = (file: string): FindingSource => ({ kind: 'rule', file: `src/reconcile/rules/${file}` });
const sql = (file: string, idParts: string): FindingSource => ({
  kind: 'sql',
  file: `src/import/sql/${file}`,
  idParts,
});

/** The storage root's kinds: the ids of the rules' formula, over each finding's values. */
const storageRoot = sql('findings-storage-root.sql', 'the canonical JSON of the values, as a rule finding');

/** In the order rules run and kinds are listed (the CLI's choices). */
export const FINDING_REGISTRY = {
  latest_round_mismatch: { severity: 'warning', source: rule('latest-round-mismatch.ts') },
  status_mismatch: { severity: 'error', source: rule('status-mismatch.ts') },
  missing_job_record: { severity: 'info', source: rule('missing-job-record.ts') },
  identity_mismatch: { severity: 'error', source: rule('identity-mismatch.ts') },
  field_mismatch: {
    severity: 'error',
    source: rule('field-mismatch.ts'),
    cause: ['field', 'job_record', 'final', 'correction'], // the field and the pair of values
  },
  final_round_missing: { severity: 'warning', source: rule('final-round-missing.ts') },
  correction_without_final: { severity: 'warning', source: rule('correction-without-final.ts') },
  media_unplaced: { severity: 'warning', source: rule('media-unplaced.ts'), cause: MEDIA_CAUSE },
  media_file_missing: { severity: 'warning', source: rule('media-file-missing.ts'), cause: MEDIA_CAUSE },
  media_meta_missing: { severity: 'warning', source: rule('media-meta-missing.ts'), cause: MEDIA_CAUSE },
  manifest_item_missing: {
    severity: 'warning',
    source: rule('manifest-item-missing.ts'),
    cause: ['kind', 'section_id'], // the medium listed (its `kind`) and its section
  },
  report_image_missing: { severity: 'warning', source: rule('report-image-missing.ts') },
  geojson_drift: { severity: 'error', source: rule('geojson-drift.ts') },
  duplicate_job_number: {
    severity: 'error',
    source: sql('findings-duplicate-job-number.sql', 'the job number, then every job folder using it'),
    cause: ['job_number'],
  },
  path_outside_job: { severity: 'warning', source: rule('path-outside-job.ts') },
  final_changed_on_disk: {
    severity: 'error',
    source: sql('merge-batch.sql', 'the stored and the disk sha256 of final.json'),
  },
  source_missing: { severity: 'error', source: sql('findings-source-missing.sql', 'none') },
  // The storage root's (security/, profiles/), recomputed whole at the end of a run that read one.
  assignment_job_missing: { severity: 'warning', source: storageRoot, cause: DEVICE_CAUSE },
  assignment_device_unknown: { severity: 'warning', source: storageRoot, cause: DEVICE_CAUSE },
  assignment_device_inactive: { severity: 'warning', source: storageRoot, cause: DEVICE_CAUSE },
  token_device_unknown: { severity: 'warning', source: storageRoot },
  token_plaintext_active: { severity: 'error', source: storageRoot },
  profile_unattributed: { severity: 'info', source: storageRoot },
  profile_final_mismatch: { severity: 'warning', source: storageRoot },
} as const satisfies Record<string, FindingKindInfo>;

export type FindingKind = keyof typeof FINDING_REGISTRY;

export const FINDING_KINDS = Object.keys(FINDING_REGISTRY) as readonly FindingKind[];

/** The kinds the database computes: the per-job merge leaves them alone when it closes gone findings. */
export const SQL_FINDING_KINDS = FINDING_KINDS.filter((k) => FINDING_REGISTRY[k].source.kind === 'sql');

/** The value keys that name a kind's cause (empty: each finding is its own group). */
export function causeKeysOf(kind: FindingKind): readonly string[] {
  const info: FindingKindInfo = FINDING_REGISTRY[kind];
  return info.cause ?? [];
}

export function severityOf(kind: FindingKind): Severity {
  return FINDING_REGISTRY[kind].severity;
}
