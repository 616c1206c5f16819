/**
 * zod schemas for every legacy JSON file kind (see shared/LEGACY_LAYOUT.md).
 *
 * The legacy server wrote loosely typed JSON for years, so nearly every field is optional and
 * nullable, objects are loose (unknown fields survive), and scalars are coerced where the intent
 * is unambiguous. Anything still wrong is reported and dropped leaf-by-leaf by parse-file.ts.
 */
import { z } from 'zod';

/** Digit / decimal strings only: "12" and "-3.5" become numbers, "1e3", "0x1f" or " 7" do not. */
const NUMERIC_STRING = /^-?\d+(\.\d+)?$/;

const numberFrom = (target: z.ZodNumber) =>
  z.preprocess((v) => (typeof v === 'string' && NUMERIC_STRING.test(v) ? Number(v) : v), target);

const num = () => numberFrom(z.number()).nullish();
const int = () => numberFrom(z.number().int()).nullish();
/** Text fields: old clients sometimes sent ids and counters as JSON numbers. */
const textRequired = () => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());
const text = () => textRequired().nullish();
/** Customer-scoped tree id: integer, digit string or a spelled-out word; kept exactly as written. */
const treeNumber = () => z.union([z.number(), z.string()]).nullish();
/** Measurements were typed as numbers by some clients and as free text ("24 in") by others. */
const measure = () => z.union([z.number(), z.string()]).nullish();
const anyJson = () => z.unknown().optional();

/**
 * A point's coordinates are only meaningful whole, so a bad member invalidates the array, not just itself.
 */
const coordinates = z.preprocess(
  (v) =>
    Array.isArray(v) ? v.map((c) => (typeof c === 'string' && NUMERIC_STRING.test(c) ? Number(c) : c)) : v,
  z.custom<number[]>((v) => Array.isArray(v) && v.every((c) => typeof c === 'number' && Number.isFinite(c)), {
    params: { expected: 'array of numbers' },
  }),
);

export const jobRecordSchema = z.looseObject({
  job_id: text(),
  job_number: text(),
  status: text(),
  customer_name: text(),
  tree_number: treeNumber(),
  address: text(),
  tree_species: text(),
  reason: text(),
  job_name: text(),
  job_address: text(),
  job_phone: text(),
  contact_preference: text(),
  billing_name: text(),
  billing_address: text(),
  billing_contact_name: text(),
  location_notes: text(),
  latest_round_id: text(),
  latest_round_status: text(),
});

const idList = () => z.array(textRequired()).nullish();

export const processedArtifactsSchema = z.record(z.string(), idList());

export const manifestItemSchema = z.looseObject({
  artifact_id: textRequired(),
  section_id: textRequired(),
  client_order: int().transform((v) => v ?? 0),
  kind: text(),
  issue_id: text(),
  recorded_at: text(),
});
export const manifestSchema = z.array(manifestItemSchema);

export const reviewSchema = z.looseObject({
  round_id: text(),
  server_revision_id: text(),
  status: text(),
  transcript: text(),
  section_recordings: z.record(z.string(), idList()).nullish(),
  section_transcripts: z.record(z.string(), text()).nullish(),
  issue_recordings: anyJson(),
  issue_transcripts: anyJson(),
  draft_form: anyJson(),
  draft_narrative: anyJson(),
  form: anyJson(),
  narrative: anyJson(),
  tree_number: treeNumber(),
  images: z.array(z.unknown()).nullish(),
  transcription_failures: anyJson(),
});

export const audioProbeSchema = z.looseObject({
  duration_ms: num(),
  codec_name: text(),
  sample_rate: num(),
  channels: num(),
  duration: num(),
  format_name: text(),
  ffprobe_error: text(),
});

export const recordingMetaSchema = z.looseObject({
  recording_id: text(),
  section_id: text(),
  content_type: text(),
  bytes: int(),
  stored_path: text(),
  uploaded_at: text(),
  audio_probe: audioProbeSchema.nullish(),
  upload_status: text(),
  status: text(),
});

export const imageMetaSchema = z.looseObject({
  image_id: text(),
  section_id: text(),
  content_type: text(),
  bytes: int(),
  stored_path: text(),
  report_image_path: text(),
  report_bytes: int(),
  uploaded_at: text(),
  caption: text(),
  latitude: num(),
  longitude: num(),
  updated_at: text(),
});

export const clientTreeDetailsSchema = z.looseObject({
  client: text(),
  tree_number: treeNumber(),
  tree_species: text(),
  dbh: measure(),
  height: measure(),
  gps: z.looseObject({ latitude: num(), longitude: num() }).nullish(),
  address_tree_location: text(),
  assessors: text(),
  date: text(),
  time: text(),
});

export const finalSchema = z.looseObject({
  job_id: text(),
  round_id: text(),
  server_revision_id: text(),
  client_revision_id: text(),
  archived_at: text(),
  transcript: text(),
  form: z
    .looseObject({
      schema_name: text(),
      schema_version: z.union([z.string(), z.number()]).nullish(),
      // Other sections vary by form version and are kept untyped.
      data: z.looseObject({ client_tree_details: clientTreeDetailsSchema.nullish() }).nullish(),
    })
    .nullish(),
  // Old finals stored a plain string; newer ones {text}.
  narrative: z.union([textRequired(), z.looseObject({ text: text() })]).nullish(),
  user_name: text(),
  report_images: z
    .array(z.looseObject({ caption: text(), stored_path: text(), path: text(), uploaded_at: text() }))
    .nullish(),
  profile: z
    .looseObject({ name: text(), isa_number: text(), phone: text(), correspondence_email: text() })
    .nullish(),
  job_number: text(),
  project: text(),
  project_slug: text(),
});

export const geoJsonSchema = z.looseObject({
  type: text(),
  features: z
    .array(
      z.looseObject({
        type: text(),
        geometry: z.looseObject({ type: text(), coordinates: coordinates.nullish() }).nullish(),
        properties: z
          .looseObject({
            job_number: text(),
            user_name: text(),
            form_data: anyJson(),
            images: z.array(z.unknown()).nullish(),
          })
          .nullish(),
      }),
    )
    .nullish(),
});

export type JobRecord = z.output<typeof jobRecordSchema>;
export type ProcessedArtifacts = z.output<typeof processedArtifactsSchema>;
export type ManifestItem = z.output<typeof manifestItemSchema>;
export type Manifest = z.output<typeof manifestSchema>;
export type Review = z.output<typeof reviewSchema>;
export type AudioProbe = z.output<typeof audioProbeSchema>;
export type RecordingMeta = z.output<typeof recordingMetaSchema>;
export type ImageMeta = z.output<typeof imageMetaSchema>;
export type ClientTreeDetails = z.output<typeof clientTreeDetailsSchema>;
export type FinalSnapshot = z.output<typeof finalSchema>;
export type GeoJsonExport = z.output<typeof geoJsonSchema>;

export type LegacyFileTypes = {
  job_record: JobRecord;
  processed_artifacts: ProcessedArtifacts;
  manifest: Manifest;
  review: Review;
  recording_meta: RecordingMeta;
  image_meta: ImageMeta;
  final: FinalSnapshot;
  geojson: GeoJsonExport;
};

export type FileKind = keyof LegacyFileTypes;

export const schemas: { [K in FileKind]: z.ZodType<LegacyFileTypes[K]> } = {
  job_record: jobRecordSchema,
  processed_artifacts: processedArtifactsSchema,
  manifest: manifestSchema,
  review: reviewSchema,
  recording_meta: recordingMetaSchema,
  image_meta: imageMetaSchema,
  final: finalSchema,
  geojson: geoJsonSchema,
};
