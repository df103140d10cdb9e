/**
 * One entry point for every usage file: detects (or takes) the format, and streams it through that format's reader
 * (formats/registry.ts) with constant memory, as batches of parsed records with the last line consumed, so callers
 * can checkpoint and resume at a line.
 */
import { InvalidInputError } from '../../core/errors.js';
import { detectFormat } from './detect.js';
import { readerFor, USAGE_FORMAT_NAMES } from './formats/registry.js';
import { sniffFile } from './sniff.js';
import type { ReadOptions, RecordBatch } from './usage-reader.js';

export type { ReadOptions, RecordBatch } from './usage-reader.js';

export async function* readUsage(path: string, o: ReadOptions = {}): AsyncGenerator<RecordBatch> {
  const format = o.format ?? (await detectFormat(path)).format;
  const reader = readerFor(format);
  if (reader === undefined) throw new InvalidInputError('--format', `unknown format '${format}' (known: ${USAGE_FORMAT_NAMES.join(', ')})`);
  const { sniff, gzip } = await sniffFile(path);
  // An empty file: the reader still runs (it yields nothing), with the layout its format implies.
  const s = sniff ?? (format === 'csv' ? { layout: 'csv' as const, header: [], name: path } : { layout: 'lines' as const, value: undefined, name: path });
  yield* reader.read(path, { ...o, sniff: s, gzip });
}
