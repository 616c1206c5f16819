-- The archive-retention preset reads, per snapshot, its retained output artifacts (LEGACY_LAYOUT.md,
-- Retention: the kinds below, the same list as the preset's): about 96,000 of the 816,000 artifact
-- rows of a 20,000-job store, spread over 70% of the table's pages, so reading them from the table
-- costs nearly a full scan. This partial index holds those rows alone, with every column the preset
-- reads, so where the table's pages are marked all-visible (after a VACUUM, which autovacuum runs on a
-- server that has it on) the preset reads the index and not the table: 440 ms instead of 580 ms for
-- its full output on 20,000 jobs. Where they are not (this project's CI server runs without
-- autovacuum), the planner keeps its bitmap scan of artifacts_kind_idx, as before this file.
-- Writers pay one index entry per retained output, at most five per snapshot.
CREATE INDEX artifacts_retained_idx ON artifacts (job_id, snapshot) INCLUDE (kind, size, path, sha256)
  WHERE kind IN ('final_json', 'final_pdf', 'report_pdf', 'report_docx', 'geojson');
