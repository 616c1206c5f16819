/** The report letter as DOCX (the docx package), the same content as the PDF. */
import { Document, HeadingLevel, ImageRun, Packer, Paragraph, TextRun } from 'docx';
import { fitted, type LoadedImage } from './letter-pdf.ts';
import type { LetterModel } from './letter-model.ts';

export function renderLetterDocx(model: LetterModel, images: readonly LoadedImage[]): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(model.title)] }),
    new Paragraph(`Job ${model.jobNumber} (${model.jobId}) - archived ${model.archivedAt}`),
    heading('Assessor'),
    ...[model.assessor, ...model.assessorDetails].map((line) => new Paragraph(line)),
    heading('Tree details'),
    ...model.treeDetails.map(pair),
    heading('Ratings'),
    ...model.ratings.map(pair),
    ...model.riskRows.map((row) => new Paragraph({ text: row, bullet: { level: 0 } })),
    heading('Narrative'),
    ...model.narrative.split('\n').map((line) => new Paragraph(line)),
    heading('Recommended inspection interval'),
    new Paragraph(model.inspectionInterval),
  ];
  if (images.length > 0) children.push(heading('Report images'));
  for (const image of images) {
    if (image.picture) {
      const { width, height } = fitted(image.picture.info);
      children.push(
        new Paragraph({
          children: [
            new ImageRun({
              type: image.picture.info.type,
              data: image.picture.bytes,
              transformation: { width, height },
            }),
          ],
        }),
      );
    }
    children.push(
      new Paragraph({
        children: [
          new TextRun({
            text: image.note ? `${image.caption} (${image.note})` : image.caption,
            italics: true,
          }),
        ],
      }),
    );
  }
  const doc = new Document({ title: model.title, creator: model.assessor, sections: [{ children }] });
  return Packer.toBuffer(doc);
}

function heading(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(text)] });
}

function pair([label, value]: [string, string]): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });
}
