import { open } from 'node:fs/promises';

/**
 * What a file is, from its first bytes rather than its name: sellers rename files, browsers and chat
 * apps add `.csv` to whatever they save, and a PDF read as a CSV gives a header "%PDF-1.5". A ZIP is
 * an XLSX workbook only when it holds `xl/workbook.xml`: a .docx, a zipped folder or a binary .xlsb
 * (xl/workbook.bin, which the reader cannot read) is not one.
 */

export type FileKind = 'empty' | 'csv' | 'xlsx' | 'xls' | 'pdf' | 'zip' | 'image' | 'binary';

const HEAD_BYTES = 8 * 1024;
/** A ZIP lists its entries in its central directory, at the end: an XLSX's few entries fit here. */
const TAIL_BYTES = 64 * 1024;

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const signatures: [FileKind, readonly number[], number?][] = [
  ['pdf', ascii('%PDF-')],
  ['image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]], // PNG
  ['image', [0xff, 0xd8, 0xff]], // JPEG
  ['image', ascii('GIF8')],
  ['image', ascii('WEBP'), 8], // RIFF....WEBP
  ['xls', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]], // OLE2: Excel 97–2003, old Word
];

export async function sniffFile(file: string): Promise<FileKind> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return 'empty';
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
      const tail = Buffer.alloc(Math.min(TAIL_BYTES, size));
      await handle.read(tail, 0, tail.length, size - tail.length);
      return head.includes('xl/workbook.xml') || tail.includes('xl/workbook.xml') ? 'xlsx' : 'zip';
    }
    for (const [kind, signature, at] of signatures) if (startsWith(head, signature, at)) return kind;
    if (head.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) && size === 3) return 'empty';
    return looksBinary(head) ? 'binary' : 'csv';
  } finally {
    await handle.close();
  }
}

/**
 * Text has almost no control characters besides tab and line ends. UTF-16 text (Excel's "Unicode
 * text") is full of NULs, one per ASCII letter, in every other byte: it is text too.
 */
function looksBinary(head: Buffer): boolean {
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return false;
  let evenNuls = 0;
  let oddNuls = 0;
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i] as number;
    if (b === 0) {
      if (i % 2 === 0) evenNuls++;
      else oddNuls++;
    } else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  const half = head.length / 2;
  // UTF-16 without a byte order mark: the NULs sit on one side only.
  const utf16 = (evenNuls > half * 0.3 && oddNuls === 0) || (oddNuls > half * 0.3 && evenNuls === 0);
  if (utf16) return controls > head.length * 0.05;
  // A stray control byte or two is a damaged row, reported as such; more is not a text file.
  return evenNuls + oddNuls + controls > Math.max(4, head.length * 0.02);
}
