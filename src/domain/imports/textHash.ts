/**
 * A 64-bit hash of a text (FNV-1a, twice with different mixing, over the UTF-16 code units), as a
 * signed 64-bit integer: a key that SQLite stores in 8 bytes. Not cryptographic; for counting rows.
 */
export function textHash64(text: string): bigint {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return BigInt.asIntN(64, (BigInt(a >>> 0) << 32n) | BigInt(b >>> 0));
}
