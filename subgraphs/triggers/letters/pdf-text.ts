import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF the hub made (pdfkit, standard fonts: WinAnsi hex strings in `TJ` arrays), one
 * line per text object. Enough to check what a printed letter says without a PDF reader; used by
 * the tests.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
      const parts = [...block[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1'));
      if (parts.length) lines.push(parts.join(''));
    }
  }
  return lines.join('\n');
}
