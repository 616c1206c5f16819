/**
 * The store generator's public vocabulary: its options, the file kinds and irregularities it plants,
 * and the stats it returns.
 */

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
