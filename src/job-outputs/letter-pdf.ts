/** The report letter as PDF (pdfkit, US Letter, built-in Helvetica: nothing to install). */
import PDFDocument from 'pdfkit';
import type { ImageInfo } from './image-info.ts';
import type { LetterModel } from './letter-model.ts';

/**
 * A report image as the renderers receive it: its bytes when they are a picture we can place, else why not.
 */
export interface LoadedImage {
  caption: string;
  picture: { bytes: Buffer; info: ImageInfo } | null;
  note: string | null;
}

const MAX_IMAGE = { width: 360, height: 240 };

export function renderLetterPdf(model: LetterModel, images: readonly LoadedImage[]): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 60,
    info: { Title: model.title, Author: model.assessor, Subject: model.jobNumber },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text(model.title);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(`Job ${model.jobNumber} (${model.jobId}) - archived ${model.archivedAt}`);
  doc.moveDown();
  heading(doc, 'Assessor');
  doc.text([model.assessor, ...model.assessorDetails].join('\n'));
  heading(doc, 'Tree details');
  pairs(doc, model.treeDetails);
  heading(doc, 'Ratings');
  pairs(doc, model.ratings);
  for (const row of model.riskRows) doc.text(`- ${row}`);
  heading(doc, 'Narrative');
  doc.text(model.narrative);
  heading(doc, 'Recommended inspection interval');
  doc.text(model.inspectionInterval);
  if (images.length > 0) {
    heading(doc, 'Report images');
    for (const image of images) {
      if (image.picture) {
        const { width, height } = fitted(image.picture.info);
        if (doc.y + height + 30 > doc.page.height - doc.page.margins.bottom) doc.addPage();
        doc.image(image.picture.bytes, { width, height });
        doc.moveDown(0.3);
      }
      doc
        .font('Helvetica-Oblique')
        .text(image.note ? `${image.caption} (${image.note})` : image.caption)
        .font('Helvetica');
      doc.moveDown(0.5);
    }
  }
  doc.end();
  return done;
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).text(text).font('Helvetica').fontSize(10);
}

function pairs(doc: PDFKit.PDFDocument, rows: ReadonlyArray<[string, string]>): void {
  for (const [label, value] of rows)
    doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
}

/** Scale down (never up) to fit the image box, keeping the aspect ratio. */
export function fitted(info: ImageInfo): { width: number; height: number } {
  const scale = Math.min(1, MAX_IMAGE.width / info.width, MAX_IMAGE.height / info.height);
  return {
    width: Math.max(1, Math.round(info.width * scale)),
    height: Math.max(1, Math.round(info.height * scale)),
  };
}
