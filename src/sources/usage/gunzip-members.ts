/**
 * Gzip decoding that keeps what was inflated before damage. Node's gunzip refuses a whole member followed by
 * garbage (its output is dropped with the error), and a truncated file with "unexpected end of file". Here each
 * member's header is read, its deflate data inflated as a stream (raw inflate stops at the end of the deflate data and
 * says how many bytes it used), the 8-byte trailer (CRC32, size) checked, and the next member read (`cat a.gz b.gz` is valid
 * gzip, RFC 1952 §2.2). Damage — bytes after a member that do not start another, a file that ends inside a member,
 * deflate data that does not decode — ends the stream and is reported once, with its byte offset.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { constants, crc32, createInflateRaw } from 'node:zlib';

export interface GzipDamage {
  /** Byte offset in the compressed file where the damage starts. */
  readonly offset: number;
  readonly reason: string;
}

// RFC 1952 §2.3.1: header flags.
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** Length of the member header in `h` (bytes from the member start), or a reason it is not one. */
function headerLength(h: Buffer): number | string {
  if (h.length < 2 || h[0] !== 0x1f || h[1] !== 0x8b) return 'data that is not gzip';
  if (h.length < 10) return 'a gzip header cut short';
  if (h[2] !== 8) return `an unknown compression method (${h[2]})`;
  const flags = h[3];
  let n = 10;
  if (flags & FEXTRA) n += 2 + (h.length >= 12 ? h[10] | (h[11] << 8) : 0);
  for (const f of [FNAME, FCOMMENT]) {
    if (!(flags & f)) continue;
    const z = h.indexOf(0, n);
    if (z < 0) return 'a gzip header whose name or comment does not end';
    n = z + 1;
  }
  if (flags & FHCRC) n += 2;
  return n > h.length ? 'a gzip header cut short' : n;
}

/**
 * The decompressed bytes of the gzip file at `path`, member after member. On damage, what was inflated before it has
 * been yielded, `onDamage` is called once and the stream ends.
 */
export async function* gunzipMembers(path: string, onDamage: (d: GzipDamage) => void): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  let size: number;
  const head = Buffer.alloc(64 * 1024);
  let pos = 0;
  let members = 0;
  try {
    size = (await fh.stat()).size;
    while (pos < size) {
      const { bytesRead } = await fh.read(head, 0, head.length, pos);
      const h = headerLength(head.subarray(0, bytesRead));
      if (typeof h === 'string') {
        const what = members > 0 && h === 'data that is not gzip' ? `${(size - pos).toLocaleString('en-US')} bytes of trailing data that is not gzip, after member ${members}` : `${h} (member ${members + 1})`;
        onDamage({ offset: pos, reason: what });
        return;
      }
      const dataStart = pos + h;
      const raw = createReadStream(path, { start: dataStart, highWaterMark: 1 << 20 });
      // A truncated member still gives what was inflated (Z_SYNC_FLUSH at the end instead of an error).
      const inflate = createInflateRaw({ finishFlush: constants.Z_SYNC_FLUSH });
      raw.on('error', (e) => inflate.destroy(e));
      raw.pipe(inflate);
      let crc = 0;
      let isize = 0;
      try {
        for await (const chunk of inflate) {
          crc = crc32(chunk as Buffer, crc);
          isize = (isize + (chunk as Buffer).length) % 2 ** 32;
          yield chunk as Buffer;
        }
      } catch (e) {
        onDamage({ offset: dataStart + inflate.bytesWritten, reason: `deflate data that does not decode (${(e as Error).message}, member ${members + 1})` });
        return;
      } finally {
        raw.destroy();
      }
      const end = dataStart + inflate.bytesWritten;
      if (end + 8 > size) {
        onDamage({ offset: size, reason: `the file ends inside gzip member ${members + 1} (from byte ${pos.toLocaleString('en-US')}): truncated` });
        return;
      }
      // The trailer: CRC32 and size of the member's data. A mismatch means damage somewhere inside the member, in lines
      // already handed over: that is not one bad record, so it stops the read (the caller names the file and line).
      const trailer = Buffer.alloc(8);
      await fh.read(trailer, 0, 8, end);
      if (trailer.readUInt32LE(0) !== crc >>> 0 || trailer.readUInt32LE(4) !== isize) throw new Error('incorrect data check');
      pos = end + 8;
      members++;
    }
  } finally {
    await fh.close();
  }
}
