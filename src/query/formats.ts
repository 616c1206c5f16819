/** The output format names of `jobmig query` (light: the CLI's option list needs nothing else). */
export const FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];
