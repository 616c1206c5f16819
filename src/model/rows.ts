/**
 * The rows one job becomes, their types inferred from the staging tables' declarations
 * (staging-tables.ts). jsonb columns hold the raw parsed file (unknown fields included);
 * `row_sha256` lets a rerun skip rows whose content did not change.
 */
import type { StagingRow } from './staging-tables.ts';

export type { RoundSource } from './staging-tables.ts';

export type Json = unknown;

export type JobRow = StagingRow<'stg_jobs'>;
export type CustomerRow = StagingRow<'stg_customers'>;
export type BillingProfileRow = StagingRow<'stg_billing_profiles'>;
export type OperatorRow = StagingRow<'stg_operators'>;
export type TreeRow = StagingRow<'stg_trees'>;
export type RoundRow = StagingRow<'stg_rounds'>;
export type RecordingRow = StagingRow<'stg_recordings'>;
export type ImageRow = StagingRow<'stg_images'>;
export type FinalRow = StagingRow<'stg_finals'>;
export type GeoJsonRow = StagingRow<'stg_geojson'>;
export type ArtifactRow = StagingRow<'stg_artifacts'>;
export type FindingRow = StagingRow<'stg_findings'>;

export interface IssueRow {
  job_id: string | null;
  path: string;
  pointer: string;
  message: string;
}

/** Everything one job folder becomes. */
export interface JobPlan {
  job: JobRow;
  customers: CustomerRow[];
  billingProfiles: BillingProfileRow[];
  operators: OperatorRow[];
  trees: TreeRow[];
  rounds: RoundRow[];
  recordings: RecordingRow[];
  images: ImageRow[];
  finals: FinalRow[];
  geojson: GeoJsonRow[];
  artifacts: ArtifactRow[];
  findings: FindingRow[];
  issues: IssueRow[];
  /** JSON files opened to plan this job (a skipped, unchanged folder opens none). */
  filesRead: number;
}
