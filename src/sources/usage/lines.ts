/**
 * Streams a file as numbered lines with constant memory: gzip is detected from the magic bytes (1f 8b) and read
 * directly, member after member; a line longer than MAX_LINE_BYTES is reported as oversized (null) without being held
 * whole. Damaged gzip keeps every complete line inflated before the damage and ends with one `damage` batch.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { gunzipMembers, type GzipDamage } from './gunzip-members.js';
import { MAX_LINE_BYTES } from './event.js';
import { InvalidInputError, TokenprintError } from '../../core/errors.js';

export interface LineBatch {
  /** Number (1-based) of the first line in `lines`. */
  readonly firstLine: number;
  /** Text of each line without its end-of-line; null for an oversized line. */
  readonly lines: readonly (string | null)[];
  /**
   * Damaged gzip (the last batch, with no lines): the line the damage starts in (a line cut by it is part of the
   * damage, not a record) and the reason with the byte offset. One reject, never a silent end of the file.
   */
  readonly damage?: { readonly line: number; readonly reason: string };
}

/** First bytes of a file (decompressed when gzipped), for format detection; decoded by the caller (sniff.ts `sniffBytes`). */
export async function peekBytes(path: string, bytes = 4096): Promise<{ gzip: boolean; head: Buffer }> {
  const gzip = await isGzip(path);
  // Damaged gzip after the head: detection works on what was read, and readLines books the damage with its line.
  const chunks = openChunks(path, gzip, () => undefined);
  const parts: Buffer[] = [];
  let n = 0;
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      parts.push(next.value);
      n += next.value.length;
      if (n >= bytes) break;
    }
  } catch (e) {
    throw readError(path, gzip, 0, e);
  } finally {
    await chunks.return?.(undefined);
  }
  return { gzip, head: Buffer.concat(parts).subarray(0, bytes) };
}

/** Bytes that start as gzip does (magic 1f 8b, RFC 1952). */
export function hasGzipMagic(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

export async function isGzip(path: string): Promise<boolean> {
  // Two bytes, read synchronously: three system calls of microseconds, where each would otherwise wait its turn on
  // libuv's pool (behind the ledger's statements in the server). Still async for the caller, errors as rejections.
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(2);
    return hasGzipMagic(b.subarray(0, readSync(fd, b, 0, 2, 0)));
  } finally {
    closeSync(fd);
  }
}

/** Read size of a plain file; one no larger is read whole, synchronously (e.g. an HTTP request body from the spool). */
const CHUNK_BYTES = 1 << 20;

function openChunks(path: string, gzip: boolean, onDamage: (d: GzipDamage) => void): AsyncIterator<Buffer> {
  if (gzip) return gunzipMembers(path, onDamage);
  // A regular file of at most one chunk: one read from the page cache, where a stream costs five trips through
  // libuv's pool (open, stat, read, read at the end, close), each waiting behind whatever else runs there.
  let small: Buffer | undefined;
  try {
    const st = statSync(path);
    if (st.isFile() && st.size > 0 && st.size <= CHUNK_BYTES) small = readFileSync(path);
  } catch {
    // unreadable: the stream below reports it as it always has
  }
  if (small !== undefined) return (async function* (b: Buffer) {
    yield b;
  })(small);
  return createReadStream(path, { highWaterMark: CHUNK_BYTES })[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
}

/**
 * Most lines in one batch. A reader turns a batch into records that stay alive until the whole batch is used, so
 * small batches keep that live set small: every young-generation collection copies it, and parsing makes garbage
 * fast (measured on the sample month, 200,000 events: 512-line batches cut a reader's time 15–25 % against one batch
 * per 1 MiB read; docs/usage-events.md, "Ingest speed").
 */
const LINES_PER_BATCH = 512;

/**
 * Yields batches of lines (at most LINES_PER_BATCH each). Lines up to `skipLines` are counted but not decoded
 * (resuming an interrupted ingest). A final line without a newline is still yielded; an empty file yields nothing.
 */
export async function* readLines(
  path: string,
  opts: { skipLines?: number; maxLineBytes?: number; gzip?: boolean } = {},
): AsyncGenerator<LineBatch> {
  const max = opts.maxLineBytes ?? MAX_LINE_BYTES;
  const skip = opts.skipLines ?? 0;
  const gzip = opts.gzip ?? (await isGzip(path));
  let damage: GzipDamage | undefined;
  const chunks = openChunks(path, gzip, (d) => (damage = d));
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let oversized = false;
  let lineNo = 0; // lines completed so far
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (e) {
        throw readError(path, gzip, lineNo, e);
      }
      if (next.done) {
        finished = true;
        break;
      }
      const chunk = next.value;
      let out: (string | null)[] = [];
      let first = 0; // number of out[0]
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, start);
        if (nl < 0) break;
        lineNo++;
        if (lineNo <= skip) {
          pending = [];
          pendingLen = 0;
          oversized = false;
        } else {
          if (out.length === 0) first = lineNo;
          out.push(oversized || pendingLen + (nl - start) > max ? null : decode(pending, pendingLen, chunk, start, nl, lineNo));
          if (out.length === LINES_PER_BATCH) {
            yield { firstLine: first, lines: out };
            out = [];
          }
        }
        pending = [];
        pendingLen = 0;
        oversized = false;
        start = nl + 1;
      }
      if (start < chunk.length && !oversized) {
        const rest = chunk.length - start;
        if (pendingLen + rest > max && lineNo + 1 > skip) {
          oversized = true;
          pending = [];
          pendingLen = 0;
        } else {
          pending.push(chunk.subarray(start));
          pendingLen += rest;
        }
      }
      if (out.length) yield { firstLine: first, lines: out };
    }
  } finally {
    // Stopped early (the caller broke off, or a read error): close the file.
    if (!finished) await chunks.return?.();
  }
  if (damage !== undefined) {
    // A line the damage cuts is not a record: it is part of the one reject.
    const line = lineNo + 1;
    const cut = pendingLen > 0 || oversized ? ' (the line it cuts is not read)' : '';
    if (line > skip) {
      yield {
        firstLine: line,
        lines: [],
        damage: { line, reason: `damaged gzip at byte ${damage.offset.toLocaleString('en-US')}: ${damage.reason}${cut}. Every complete line before it was read; repair or re-export the file and ingest it again (events already in the ledger count as duplicates)` },
      };
    }
    return;
  }
  if (pendingLen > 0 || oversized) {
    lineNo++;
    if (lineNo > skip) yield { firstLine: lineNo, lines: [oversized ? null : decode(pending, pendingLen, Buffer.alloc(0), 0, 0, lineNo)] };
  }
}

/** A corrupt gzip member or a read error: the lines before it were yielded (and are kept by the caller). */
function readError(path: string, gzip: boolean, lineNo: number, e: unknown): TokenprintError {
  if (e instanceof TokenprintError) return e;
  const what = gzip ? 'the gzip data is corrupt' : 'the file could not be read';
  const where = lineNo === 0 ? 'before line 1' : `after line ${lineNo}`;
  return new InvalidInputError(
    'FILE',
    `${path}: ${what} ${where} (${(e as Error).message}). The lines before it were read; repair or re-export the file and ingest it again (events already in the ledger count as duplicates).`,
    { path, line: lineNo },
  );
}

/** A line's text without its CR; line 1 also without a UTF-8 byte-order mark (editors on Windows write one). */
function decode(pending: Buffer[], pendingLen: number, chunk: Buffer, start: number, end: number, lineNo: number): string {
  let s: string;
  if (pendingLen === 0) s = chunk.toString('utf8', start, end);
  else s = Buffer.concat([...pending, chunk.subarray(start, end)], pendingLen + end - start).toString('utf8');
  if (lineNo === 1 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  return s.length > 0 && s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}
