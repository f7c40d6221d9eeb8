import { isAscii } from 'node:buffer';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Transform } from 'node:stream';

/** Loaded on the first file that is not UTF-8: most commands never need it, and it is 46 modules. */
let detector: typeof import('jschardet') | undefined;
const jschardet = () => {
  detector ??= createRequire(import.meta.url)('jschardet') as typeof import('jschardet');
  return detector;
};

/** The text of a CSV: which encoding its bytes are in, and those bytes as text with one kind of line end. */

const SAMPLE_BYTES = 64 * 1024;

/**
 * The encoding of a CSV from a sample of its bytes. A byte order mark settles it (UTF-8, UTF-16LE,
 * UTF-16BE). Bytes that decode as UTF-8 are UTF-8: other encodings almost never do by chance. Else
 * jschardet (the detector VS Code uses) ranks the candidates; of those, a seller's file is Chinese
 * (GB18030, a superset of GBK and GB2312; Big5), or Latin-script text from Windows Excel in the US or
 * Mexico. Short Spanish samples often rank a Central European code page first (á, é, í, ó, ú are
 * the same bytes), so every Latin single-byte candidate is read as Windows-1252, where ñ, ¿ and the
 * curly quotes are right. `--encoding` overrides all of this.
 */
export function detectEncoding(sample: Uint8Array): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  try {
    // stream: true tolerates a character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    // UTF-16 without a byte order mark decodes as UTF-8 too (ASCII and NULs): the NULs give it away.
    if (!sample.includes(0)) return 'utf-8';
  } catch {}
  for (const { encoding } of jschardet().detectAll(Buffer.from(sample))) {
    const name = encoding?.toLowerCase().replace(/_/g, '-') ?? '';
    if (name === 'ascii' || name === 'utf-8') return 'utf-8';
    if (name === 'utf-16-le' || name === 'utf-16le') return 'utf-16le';
    if (name === 'utf-16-be' || name === 'utf-16be') return 'utf-16be';
    if (/^(gb18030|gb2312|gbk|hz-gb-2312)$/.test(name)) return 'gb18030';
    if (/^(big5|shift-jis|euc-jp|euc-kr|cp949)$/.test(name)) return name === 'cp949' ? 'euc-kr' : name;
    if (
      /^(windows-125[02478]|iso-?8859-([1-49]|1[0345-6])|cp(437|85\d|86\d)|mac(roman|latin2|iceland|turkish)|hp-roman8)$/.test(
        name,
      )
    )
      return 'windows-1252';
  }
  return 'windows-1252';
}

/**
 * The sample to detect the encoding from: the first 64 KiB, or, when those are plain ASCII (a long
 * file of codes and numbers), the 64 KiB from the first byte that is not, so a title with an accent
 * on row 90,000 still decides.
 */
export async function sampleOf(file: string, size: number): Promise<{ head: Buffer; sample: Buffer }> {
  const handle = await open(file, 'r');
  try {
    const first = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
    await handle.read(first, 0, first.length, 0);
    if (!isAscii(first) || size <= first.length) return { head: first, sample: first };
    const chunk = Buffer.alloc(1024 * 1024);
    for (let at = first.length; at < size; at += chunk.length) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, at);
      const part = chunk.subarray(0, bytesRead);
      if (isAscii(part)) continue;
      let i = 0;
      while ((part[i] as number) < 0x80) i++;
      // From the start of that line, so a multi-byte character is whole.
      const from = Math.max(0, at + i - 256);
      const sample = Buffer.alloc(Math.min(SAMPLE_BYTES, size - from));
      await handle.read(sample, 0, sample.length, from);
      return { head: first, sample: sample.subarray(sample.indexOf(0x0a) + 1) };
    }
    return { head: first, sample: first };
  } finally {
    await handle.close();
  }
}

/**
 * Bytes in `encoding` to text with every line end made "\n": CRLF (Windows), LF, and a lone CR (old
 * Mac exports, or a file pasted together from several) may all appear in one file, and the parser
 * takes the first one it sees as the only one. Remembers whether the file ended with a line end.
 */
export class DecodeLines extends Transform {
  private readonly decoder: TextDecoder;
  /** A CR at the end of a chunk: a CRLF may be split across two chunks. */
  private pendingCr = false;
  endedWithLineEnd = false;

  constructor(encoding: string) {
    super({ decodeStrings: true });
    this.decoder = new TextDecoder(encoding);
  }

  private normalize(text: string): string {
    let t = this.pendingCr ? `\r${text}` : text;
    this.pendingCr = t.endsWith('\r');
    if (this.pendingCr) t = t.slice(0, -1);
    if (text.length) this.endedWithLineEnd = this.pendingCr || t.endsWith('\n');
    return t.includes('\r') ? t.replace(/\r\n?/g, '\n') : t;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null, out?: string) => void) {
    done(null, this.normalize(this.decoder.decode(chunk, { stream: true })));
  }

  override _flush(done: (e?: Error | null, out?: string) => void) {
    let out = this.normalize(this.decoder.decode());
    if (this.pendingCr) {
      out += '\n';
      this.endedWithLineEnd = true;
    }
    done(null, out);
  }
}
