import PDFDocument from 'pdfkit';
import type { RenderedLetter } from './render';

/**
 * The letter as a printable A4 PDF (pdfkit, its built-in Helvetica: no font files to ship), laid
 * out from the plain-text body so that the PDF says exactly what the text says: the authority's
 * block on the right, the address block, the heading in bold, section headings (the text's
 * capitalised lines) in bold, lists indented.
 */
export interface PdfMeta {
  authority: string;
  sentAt: Date;
}

const HEADING = 'ASB Case Review (Community Trigger)';
const isSectionHeading = (line: string) => /^[A-Z][A-Z ]{6,}$/.test(line);
const sentence = (line: string) => line.charAt(0) + line.slice(1).toLowerCase();

export function letterPdf(letter: Pick<RenderedLetter, 'subject' | 'text'>, meta: PdfMeta): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 64, right: 64 },
    info: { Title: letter.subject, Author: meta.authority, Subject: HEADING, CreationDate: meta.sentAt, ModDate: meta.sentAt },
    lang: 'en-GB',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const paragraphs = letter.text.trimEnd().split(/\n\s*\n/);
  paragraphs.forEach((para, index) => {
    const lines = para.split('\n');
    if (index === 0) {
      // The authority's block, top right.
      doc.font('Helvetica-Bold').fontSize(11).text(lines[0], { align: 'right', width });
      doc.font('Helvetica').fontSize(10);
      for (const l of lines.slice(1)) doc.text(l, { align: 'right', width });
      doc.moveDown(1.5);
      return;
    }
    for (const line of lines) {
      if (line === HEADING) {
        doc.moveDown(0.3).font('Helvetica-Bold').fontSize(14).text(line, { width }).moveDown(0.3);
      } else if (isSectionHeading(line)) {
        doc.moveDown(0.3).font('Helvetica-Bold').fontSize(12).text(sentence(line), { width }).moveDown(0.2);
      } else if (/^ {2,}/.test(line)) {
        doc.font('Helvetica').fontSize(10).text(line.trim(), left + 28, undefined, { width: width - 28 });
        doc.x = left;
      } else if (/^(- |\d+\. )/.test(line)) {
        doc.font('Helvetica').fontSize(11).text(line.replace(/^- /, '• '), left + 12, undefined, { width: width - 12 });
        doc.x = left;
      } else {
        doc.font('Helvetica').fontSize(11).text(line, { width });
      }
    }
    doc.moveDown(0.8);
  });
  doc.end();
  return done;
}
