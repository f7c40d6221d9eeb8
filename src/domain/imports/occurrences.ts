/**
 * Counts how often each text has been seen, in bounded memory: a 64-bit hash of each text in typed
 * arrays (12 bytes a slot), not the texts. `next(text)` answers 1 the first time, 2 the second…
 *
 * A stock file's rows use it to number identical rows, so that the same file imported again gives
 * every row the same key. Two different texts that share a hash (about 3·10⁻⁸ in a million rows)
 * only share a count: the numbering is still the same on every import of the same file.
 */
export class Occurrences {
  private slots = 1 << 12;
  private hashes = new Uint32Array(this.slots * 2);
  private counts = new Uint32Array(this.slots);
  private used = 0;

  next(text: string): number {
    // FNV-1a, twice with different mixing, over the UTF-16 code units.
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    a >>>= 0;
    b >>>= 0;
    const mask = this.slots - 1;
    let i = (a ^ b) & mask;
    for (; (this.counts[i] as number) !== 0; i = (i + 1) & mask) {
      if (this.hashes[2 * i] === a && this.hashes[2 * i + 1] === b) {
        this.counts[i] = (this.counts[i] as number) + 1;
        return this.counts[i] as number;
      }
    }
    this.hashes[2 * i] = a;
    this.hashes[2 * i + 1] = b;
    this.counts[i] = 1;
    if (++this.used * 2 > this.slots) this.grow();
    return 1;
  }

  private grow(): void {
    const { hashes, counts } = this;
    this.slots *= 2;
    this.hashes = new Uint32Array(this.slots * 2);
    this.counts = new Uint32Array(this.slots);
    const mask = this.slots - 1;
    for (let j = 0; j < counts.length; j++) {
      if ((counts[j] as number) === 0) continue;
      const a = hashes[2 * j] as number;
      const b = hashes[2 * j + 1] as number;
      let i = (a ^ b) & mask;
      while ((this.counts[i] as number) !== 0) i = (i + 1) & mask;
      this.hashes[2 * i] = a;
      this.hashes[2 * i + 1] = b;
      this.counts[i] = counts[j] as number;
    }
  }
}
