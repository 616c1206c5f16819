/**
 * zod schemas of the storage root's files (LEGACY_LAYOUT.md "The rest of the storage root"): the
 * entries of security/devices.json, tokens.json and job_assignments.json, and one profiles/ file.
 * Each field is validated on its own (read-list.ts), so a bad field is dropped, not the entry.
 */
import { z } from 'zod';

/** Ids and free text: old clients sometimes wrote numbers. */
const text = () => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()).nullish();
/** ISO time with Z, or null; read into a timestamp by the planner. */
const time = () => z.string().nullish();
const flag = () => z.boolean().nullish();

export const deviceFields = {
  device_id: text(),
  device_name: text(),
  app_version: text(),
  status: text(),
  role: text(),
  created_at: time(),
  updated_at: time(),
  approved_at: time(),
  revoked_at: time(),
  last_seen_at: time(),
  profile_summary: z.looseObject({}).nullish(),
};

/** `token` is a live bearer secret: read to be hashed, never kept, never quoted. */
export const tokenFields = {
  token: z.string().nullish(),
  device_id: text(),
  role: text(),
  issued_at: time(),
  expires_at: time(),
  revoked: flag(),
  updated_at: time(),
};

export const assignmentFields = {
  job_id: text(),
  device_id: text(),
  assigned_at: time(),
  assigned_by: text(),
};

export const profileFields = {
  name: text(),
  phone: text(),
  isa_number: text(),
  correspondence_street: text(),
  correspondence_city: text(),
  correspondence_state: text(),
  correspondence_zip: text(),
  correspondence_email: text(),
};

export type FieldShape = Record<string, z.ZodType>;
/** Validated fields: absent and invalid ones read as null. */
export type Fields<S extends FieldShape> = { [K in keyof S]: Exclude<z.output<S[K]>, undefined> };

export type DeviceEntry = Fields<typeof deviceFields>;
export type TokenEntry = Fields<typeof tokenFields>;
export type AssignmentEntry = Fields<typeof assignmentFields>;
export type ProfileEntry = Fields<typeof profileFields>;

/** The three security files: where each is, the member holding its list, and each entry's id field. */
export const SECURITY_FILES = {
  devices: { path: 'security/devices.json', list: 'devices', id: 'device_id', fields: deviceFields },
  tokens: { path: 'security/tokens.json', list: 'tokens', id: 'token', fields: tokenFields },
  assignments: {
    path: 'security/job_assignments.json',
    list: 'assignments',
    id: 'job_id',
    fields: assignmentFields,
  },
} as const;

export type SecurityFileName = keyof typeof SECURITY_FILES;
