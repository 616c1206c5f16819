-- What must be intact on disk before a job is pruned: its snapshot files with their stored hashes,
-- and its retained artifacts (snapshot JSON, PDFs, DOCX, GeoJSON, report images, transcripts).
-- $1: job ids. Candidate artifacts are filtered out by the caller.
SELECT f.job_id, 'snapshot' AS what, f.kind, f.source_path AS path, f.payload_sha256
FROM job_finals f
WHERE f.job_id = ANY ($1::text[])
UNION ALL
SELECT a.job_id, 'retained', a.kind, a.path, NULL
FROM artifacts a
WHERE a.job_id = ANY ($1::text[])
  AND a.kind IN ('final_json', 'final_pdf', 'report_pdf', 'report_docx', 'geojson', 'report_image',
    'transcript_txt')
ORDER BY 1, 2, 4;
