/** Renders a report model in the format a file name asks for. */
import type { ReportModel } from './model.ts';
import { renderCsv } from './render-csv.ts';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-markdown.ts';
import type { ReportFormat } from './write.ts';

const RENDERERS: Record<ReportFormat, (model: ReportModel) => string> = {
  html: renderHtml,
  csv: renderCsv,
  md: renderMarkdown,
};

export function renderReport(format: ReportFormat, model: ReportModel): string {
  return RENDERERS[format](model);
}
