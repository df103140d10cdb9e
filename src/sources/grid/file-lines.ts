/**
 * A grid file's lines, read in chunks (synchronously: the planner and the schedule read their grid file in one
 * step). Only a regular file is read; a line longer than the cap is refused with its file:line, so a binary file or
 * a device never becomes one huge string. Memory is the current chunk plus the line being built, not the file.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { InvalidInputError, TokenprintError } from '../../core/errors.js';
import { checkRegularFile } from '../capped-file.js';

/** Longest line of a grid table: a row is a zone, a time and a few numbers (tens of bytes). */
export const MAX_GRID_LINE_BYTES = 64 * 1024;

/** Lines of `path` without their end-of-line (`\n` or `\r\n`) and without a UTF-8 byte-order mark on line 1. */
export function* readFileLinesSync(path: string, what: string, o: { maxLineBytes?: number; chunkBytes?: number } = {}): Generator<string> {
  checkRegularFile(path, what, Number.MAX_SAFE_INTEGER);
  const max = o.maxLineBytes ?? MAX_GRID_LINE_BYTES;
  const buf = Buffer.alloc(o.chunkBytes ?? 1 << 20);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new TokenprintError('NOT_FOUND', `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path });
  }
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let lineNo = 0;
  const line = (tail: Buffer): string => {
    lineNo++;
    let s = pendingLen === 0 ? tail.toString('utf8') : Buffer.concat([...pending, tail]).toString('utf8');
    pending = [];
    pendingLen = 0;
    if (lineNo === 1 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    return s.length > 0 && s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
  };
  const tooLong = () =>
    new InvalidInputError(`${path}:${lineNo + 1}`, `a line longer than ${max.toLocaleString('en-US')} bytes: not a grid table (a binary file?); refused without reading it whole`);
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      let start = 0;
      for (let nl = chunk.indexOf(0x0a, start); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
        if (pendingLen + nl - start > max) throw tooLong();
        yield line(chunk.subarray(start, nl));
        start = nl + 1;
      }
      if (start < n) {
        if (pendingLen + n - start > max) throw tooLong();
        pending.push(Buffer.from(chunk.subarray(start))); // a copy: buf is reused by the next read
        pendingLen += n - start;
      }
    }
    if (pendingLen > 0) yield line(Buffer.alloc(0));
  } finally {
    closeSync(fd);
  }
}
