/** Small stable hashes for ids derived from content (dimension ids, label ids). */

/** FNV-1a 32-bit over UTF-16 code units, folded to a positive 31-bit integer (fits INTEGER in every SQL). */
export function hash31(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h & 0x7fffffff) || 1;
}

/**
 * Assigns a stable id to a content key: its hash, or the next free id on a collision with other content.
 * `taken` maps id → content key and is updated.
 */
export function stableId(content: string, taken: Map<number, string>): number {
  let id = hash31(content);
  for (;;) {
    const other = taken.get(id);
    if (other === undefined) {
      taken.set(id, content);
      return id;
    }
    if (other === content) return id;
    id = id >= 0x7ffffffe ? 1 : id + 1;
  }
}
