/**
 * Duplicate detection without a per-batch join: a compact in-memory set of 53-bit key hashes (stored beside the
 * full key in tp_rows.key_hash). A miss means the key is certainly new; a hit is only a *probable* duplicate, which
 * the driver confirms against the stored full keys, so a hash collision never drops an event. The set is rebuilt
 * from the database whenever a driver starts writing a factor set, so it survives crashes (kill -9) trivially.
 */

const TWO32 = 4294967296;
const TWO21 = 2097152;

/** murmur3's 32-bit finaliser. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 53-bit hash of a key (an integer in [0, 2^53): exact as a JS number and as a SQL BIGINT): two 32-bit lanes
 * (FNV-1a and a multiplicative lane, each finalised with fmix32) over the UTF-16 code units.
 */
export function keyHash(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return fmix32(a) * TWO21 + (fmix32(b) >>> 11);
}

/**
 * An open-addressing set of key hashes in one Uint32Array (4 bytes a slot, load ≤ 0.75: ≈ 32 MB at 5M keys). The
 * slot comes from the whole 53-bit hash, the slot holds its low 32 bits (0 marks an empty slot): a false hit needs
 * another key with the same low 32 bits in the same probe run (≈ 1e-9 per lookup at 5M keys), and hits are checked
 * exactly anyway. The full hash cannot be recovered from a slot, so the set does not grow in place: the owner
 * rebuilds it, larger, from the stored key hashes when `fits()` says no.
 */
export class KeyHashSet {
  private readonly slots: Uint32Array;
  private readonly mask: number;
  private readonly max: number;
  size = 0;

  /** Room for `capacity` hashes. */
  constructor(capacity = 1 << 16) {
    let cap = 1 << 10;
    while (cap * 0.75 < capacity) cap *= 2;
    this.slots = new Uint32Array(cap);
    this.mask = cap - 1;
    this.max = Math.floor(cap * 0.75);
  }

  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Empties the set, keeping its memory. */
  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  /** Whether `more` hashes can still be added. */
  fits(more: number): boolean {
    return this.size + more <= this.max;
  }

  /** Adds the hash; false when it (probably) was there already. Call only while `fits()`. */
  add(h: number): boolean {
    const fp = h >>> 0 || 1;
    const slots = this.slots;
    const mask = this.mask;
    let i = fmix32(fp ^ Math.imul(Math.floor(h / TWO32), 0x9e3779b1)) & mask;
    for (;;) {
      const s = slots[i];
      if (s === 0) break;
      if (s === fp) return false;
      i = (i + 1) & mask;
    }
    if (this.size >= this.max) throw new Error('KeyHashSet is full: rebuild it larger');
    slots[i] = fp;
    this.size++;
    return true;
  }
}
