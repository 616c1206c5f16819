/**
 * The public-map export of a final or correction snapshot, in exactly the legacy final.geojson shape
 * (LEGACY_LAYOUT.md "final.geojson"). The map is public, so the privacy rule is the point of this
 * module: client-identifying fields and file paths never reach `properties`.
 */
import type { FinalSnapshot } from '../legacy/schemas.ts';

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

export interface GeoJsonPoint {
  type: 'Point';
  coordinates: [number, number];
}

export interface GeoJsonImage {
  caption: unknown;
  uploaded_at: unknown;
}

export interface GeoJsonProperties {
  job_number: string | null;
  user_name: string | null;
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

export function buildGeoJson(
  snapshot: FinalSnapshot,
  raw: unknown,
  jobNumber: string | null,
): GeoJsonFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: pointOf(snapshot),
        properties: {
          job_number: jobNumber,
          user_name: typeof snapshot.user_name === 'string' ? snapshot.user_name : null,
          form_data: publicFormData(raw),
          images: publicImages(raw, snapshot),
        },
      },
    ],
  };
}

function pointOf(snapshot: FinalSnapshot): GeoJsonPoint | null {
  const gps = snapshot.form?.data?.client_tree_details?.gps;
  const lat = gps?.latitude;
  const lon = gps?.longitude;
  if (!isFiniteIn(lat, 90) || !isFiniteIn(lon, 180)) return null;
  return { type: 'Point', coordinates: [lon, lat] };
}

function isFiniteIn(v: unknown, limit: number): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= -limit && v <= limit;
}

/**
 * Every section of the raw form survives (the validated view drops unknown typing); only client fields go.
 */
function publicFormData(raw: unknown): unknown {
  const data = objectAt(objectAt(raw)?.form)?.data;
  if (data === undefined) return null;
  const copy = structuredClone(data);
  const details = objectAt(objectAt(copy)?.client_tree_details);
  if (details) for (const field of PRIVATE_CLIENT_FIELDS) delete details[field];
  return copy;
}

/** Raw entries keep captions as written (null stays null); anything else, paths included, is dropped. */
function publicImages(raw: unknown, snapshot: FinalSnapshot): GeoJsonImage[] {
  const rawImages = objectAt(raw)?.report_images;
  const entries: unknown[] = Array.isArray(rawImages) ? rawImages : (snapshot.report_images ?? []);
  return entries.map((entry) => {
    const o = objectAt(entry);
    return { caption: o?.caption ?? null, uploaded_at: o?.uploaded_at ?? null };
  });
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
