/**
 * The public-map export of a final or correction snapshot, in exactly the legacy final.geojson shape
 * (LEGACY_LAYOUT.md "final.geojson"). The map is public, so the privacy rule is the point of this
 * module: client-identifying fields and file paths never reach `properties`.
 */
import type { FinalSnapshot } from '../legacy/schemas.ts';
import { JsonArray, JsonObject, JsonScalar } from './ordered-json.ts';

/** Fields of client_tree_details that identify the client and are withheld from the public export. */
export const PRIVATE_CLIENT_FIELDS = [
  'client',
  'address_tree_location',
  'assessors',
  'date',
  'time',
] as const;
/** Keys that carry server file paths; the export lists images by caption and time only. */
export const PATH_KEYS = ['stored_path', 'path'] as const;

/** A number, or its spelling in the snapshot's bytes (ordered-json.ts) when built from them. */
export type GeoJsonNumber = number | JsonScalar;

export interface GeoJsonPoint {
  type: 'Point';
  coordinates: [GeoJsonNumber, GeoJsonNumber];
}

export interface GeoJsonImage {
  caption: unknown;
  uploaded_at: unknown;
}

export interface GeoJsonProperties {
  job_number: string | null;
  user_name: string | JsonScalar | null;
  form_data: unknown;
  images: GeoJsonImage[];
}

export interface GeoJsonFeature {
  type: 'Feature';
  geometry: GeoJsonPoint | null;
  properties: GeoJsonProperties;
}

export interface GeoJsonFeatureCollection {
  type: 'FeatureCollection';
  features: [GeoJsonFeature];
}

/**
 * The export of a snapshot. `raw` is the parsed file, or the file as written (parseAsWritten): then
 * the export keeps the file's key order and spellings, as the legacy server's own export does.
 */
export function buildGeoJson(
  snapshot: FinalSnapshot,
  raw: unknown,
  jobNumber: string | null,
): GeoJsonFeatureCollection {
  const userName = field(raw, 'user_name');
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: pointOf(snapshot, raw),
        properties: {
          job_number: jobNumber,
          user_name: typeof snapshot.user_name !== 'string' ? null : asWritten(userName, snapshot.user_name),
          form_data: publicFormData(raw),
          images: publicImages(raw, snapshot),
        },
      },
    ],
  };
}

function pointOf(snapshot: FinalSnapshot, raw: unknown): GeoJsonPoint | null {
  const gps = snapshot.form?.data?.client_tree_details?.gps;
  const lat = gps?.latitude;
  const lon = gps?.longitude;
  if (!isFiniteIn(lat, 90) || !isFiniteIn(lon, 180)) return null;
  const rawGps = field(field(field(field(raw, 'form'), 'data'), 'client_tree_details'), 'gps');
  return {
    type: 'Point',
    coordinates: [asWritten(field(rawGps, 'longitude'), lon), asWritten(field(rawGps, 'latitude'), lat)],
  };
}

function isFiniteIn(v: unknown, limit: number): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= -limit && v <= limit;
}

/** The scalar as the file spelled it when `raw` came from the bytes, else the parsed value. */
function asWritten<T>(node: unknown, value: T): T | JsonScalar {
  return node instanceof JsonScalar ? node : value;
}

/**
 * Every section of the raw form survives (the validated view drops unknown typing); only client fields go.
 */
function publicFormData(raw: unknown): unknown {
  const data = field(field(raw, 'form'), 'data');
  if (data === undefined) return null;
  if (data instanceof JsonObject) {
    const details = data.get('client_tree_details');
    if (!(details instanceof JsonObject)) return data;
    return data.with('client_tree_details', details.without(PRIVATE_CLIENT_FIELDS));
  }
  const copy = structuredClone(data);
  const details = objectAt(objectAt(copy)?.client_tree_details);
  if (details) for (const f of PRIVATE_CLIENT_FIELDS) delete details[f];
  return copy;
}

/** Raw entries keep captions as written (null stays null); anything else, paths included, is dropped. */
function publicImages(raw: unknown, snapshot: FinalSnapshot): GeoJsonImage[] {
  const rawImages = field(raw, 'report_images');
  const entries: unknown[] =
    rawImages instanceof JsonArray
      ? [...rawImages.items]
      : Array.isArray(rawImages)
        ? rawImages
        : (snapshot.report_images ?? []);
  return entries.map((entry) => ({
    caption: field(entry, 'caption') ?? null,
    uploaded_at: field(entry, 'uploaded_at') ?? null,
  }));
}

/** A member of a plain object or of an object as written; undefined for anything else. */
function field(v: unknown, key: string): unknown {
  if (v instanceof JsonObject) return v.get(key);
  if (v instanceof JsonScalar || v instanceof JsonArray) return undefined;
  return objectAt(v)?.[key];
}

function objectAt(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export interface GeoJsonDifference {
  stored: unknown;
  expected: unknown;
}

/**
 * What a reviewer needs to know about a stored export against the one regenerated from its snapshot:
 * the identifying properties, the point, and whether the stored file leaks anything private.
 * Empty means no drift. Form content is not compared: it is copied verbatim and its drift is the snapshot's.
 */
export function geojsonDifferences(
  stored: unknown,
  expected: GeoJsonFeatureCollection,
): Record<string, GeoJsonDifference> {
  const feature = firstFeature(stored);
  const properties = objectAt(feature?.properties);
  const want = expected.features[0].properties;
  const diffs: Record<string, GeoJsonDifference> = {};
  const compare = (key: string, got: unknown, exp: unknown) => {
    if (!sameJson(got, exp)) diffs[key] = { stored: got, expected: exp };
  };
  compare('job_number', properties?.job_number ?? null, want.job_number);
  compare('user_name', properties?.user_name ?? null, want.user_name);
  compare('coordinates', coordinatesOf(feature), expected.features[0].geometry?.coordinates ?? null);
  const leaks = privacyLeaks(properties);
  if (leaks.length > 0) diffs.privacy_leak = { stored: leaks, expected: [] };
  return diffs;
}

function firstFeature(stored: unknown): Record<string, unknown> | null {
  const features = objectAt(stored)?.features;
  return Array.isArray(features) ? objectAt(features[0]) : null;
}

function coordinatesOf(feature: Record<string, unknown> | null): unknown {
  return objectAt(feature?.geometry)?.coordinates ?? null;
}

/** JSON pointers (into properties) of every private field or path the stored export carries. */
export function privacyLeaks(properties: Record<string, unknown> | null): string[] {
  if (!properties) return [];
  const leaks: string[] = [];
  for (const key of PATH_KEYS) if (Object.hasOwn(properties, key)) leaks.push(`/${key}`);
  const details = objectAt(objectAt(properties.form_data)?.client_tree_details);
  for (const field of PRIVATE_CLIENT_FIELDS) {
    if (details && Object.hasOwn(details, field)) leaks.push(`/form_data/client_tree_details/${field}`);
  }
  const images = Array.isArray(properties.images) ? properties.images : [];
  images.forEach((image, i) => {
    const o = objectAt(image);
    for (const key of PATH_KEYS) if (o && Object.hasOwn(o, key)) leaks.push(`/images/${i}/${key}`);
  });
  return leaks;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
