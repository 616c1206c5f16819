-- A dry run's stand-ins for every table an import writes: empty temporary tables of the same shape
-- (columns, defaults, generated columns, keys and indexes; no triggers or foreign keys), created in
-- the dry run's transaction, which is always rolled back. Temporary tables are searched before
-- public, so the import's own merge statements (merge-identities.sql, merge-batch.sql and the
-- cross-job findings) run unchanged against them. The loader copies into them the stored rows of the
-- jobs each batch touches (identities: all of them) before merging. Needs only the TEMP privilege,
-- which every role has by default. The storage root's tables too: the storage-root merge
-- (merge-storage-root.sql) runs against them after the jobs (dry-load.ts, storageRoot).
CREATE TEMP TABLE customers (LIKE public.customers INCLUDING ALL);
CREATE TEMP TABLE billing_profiles (LIKE public.billing_profiles INCLUDING ALL);
CREATE TEMP TABLE operators (LIKE public.operators INCLUDING ALL);
CREATE TEMP TABLE trees (LIKE public.trees INCLUDING ALL);
CREATE TEMP TABLE jobs (LIKE public.jobs INCLUDING ALL);
CREATE TEMP TABLE job_rounds (LIKE public.job_rounds INCLUDING ALL);
CREATE TEMP TABLE round_recordings (LIKE public.round_recordings INCLUDING ALL);
CREATE TEMP TABLE round_images (LIKE public.round_images INCLUDING ALL);
CREATE TEMP TABLE job_finals (LIKE public.job_finals INCLUDING ALL);
CREATE TEMP TABLE job_geojson_exports (LIKE public.job_geojson_exports INCLUDING ALL);
CREATE TEMP TABLE artifacts (LIKE public.artifacts INCLUDING ALL);
CREATE TEMP TABLE reconciliation (LIKE public.reconciliation INCLUDING ALL);
-- The real table fills cause_key by trigger (schema/016); a stand-in has no trigger and nothing reads it.
ALTER TABLE reconciliation ALTER COLUMN cause_key DROP NOT NULL;
CREATE TEMP TABLE job_events (LIKE public.job_events INCLUDING ALL);
CREATE TEMP TABLE import_issues (LIKE public.import_issues INCLUDING ALL);
CREATE TEMP TABLE devices (LIKE public.devices INCLUDING ALL);
CREATE TEMP TABLE device_tokens (LIKE public.device_tokens INCLUDING ALL);
CREATE TEMP TABLE job_assignments (LIKE public.job_assignments INCLUDING ALL);
CREATE TEMP TABLE operator_profiles (LIKE public.operator_profiles INCLUDING ALL);
CREATE TEMP TABLE device_events (LIKE public.device_events INCLUDING ALL);
