import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { generateSample, SAMPLE_CONFIG } from '../../ledger/sample.js';
import { InvalidInputError } from '../../core/errors.js';
import { checkOutDir } from '../out-path.js';
import { jsonlConverter, type Conversion } from '../../sources/usage/convert.js';
import { bucketConverter } from '../../sources/usage/bucket-writer.js';
import { USAGE_READERS, readerFor } from '../../sources/usage/formats/registry.js';
import { parseAmount, parseChoice, parseNonNegativeInt, parsePositiveInt } from '../parse.js';

export interface SampleFiles {
  readonly config: string;
  readonly usage: string;
  readonly lines: number;
  /** With `as`: what the conversion kept and left out. */
  readonly conversion?: Conversion;
}

/** Formats `sample --as` can write (those whose reader has a writer). */
export const SAMPLE_FORMATS: readonly string[] = USAGE_READERS.filter((r) => (r.writer !== undefined || r.aggregateWriter !== undefined) && r.format !== 'jsonl').map(
  (r) => r.format,
);

/**
 * Writes tokenprint.yaml and usage-<month>.jsonl into `dir` (or, with `as`, usage-<month>.<format>.<ext>: the same
 * requests in that format), streaming (constant memory for any N).
 */
export async function writeSample(dir: string, o: { events: number; seed: number; month: string; as?: string }): Promise<SampleFiles> {
  await mkdir(dir, { recursive: true });
  const config = join(dir, 'tokenprint.yaml');
  const reader = o.as === undefined ? undefined : readerFor(o.as);
  const writer = reader?.writer;
  const buckets = reader?.aggregateWriter;
  if (o.as !== undefined && writer === undefined && buckets === undefined) throw new InvalidInputError('--as', `'${o.as}' is not a format sample can write (one of: ${SAMPLE_FORMATS.join(', ')})`);
  const ext = buckets !== undefined ? `${o.as}.${buckets.extension ?? 'jsonl'}` : writer === undefined ? 'jsonl' : writer.header !== undefined ? `${o.as}.csv` : `${o.as}.jsonl`;
  const usage = join(dir, `usage-${o.month}.${ext}`);
  await writeFile(config, SAMPLE_CONFIG);
  const fd = openSync(usage, 'w');
  let buf: string[] = [];
  let lines: number;
  const out = (l: string) => {
    buf.push(l);
    if (buf.length >= 10_000) {
      writeSync(fd, buf.join('\n') + '\n');
      buf = [];
    }
  };
  const conv = buckets !== undefined ? bucketConverter(buckets, out) : writer === undefined ? undefined : jsonlConverter(writer, out);
  let conversion: Conversion | undefined;
  try {
    ({ lines } = generateSample(conv === undefined ? out : (l) => conv.push(l), { events: o.events, seed: o.seed, month: o.month }));
    // A bucket converter writes its buckets when it is done; every converter's lines are flushed after it.
    if (conv !== undefined) {
      conversion = conv.done();
      lines = conversion.lines;
    }
    if (buf.length) writeSync(fd, buf.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
  return { config, usage, lines, conversion };
}

interface Flags {
  out?: string;
  events?: string;
  seed?: string;
  month?: string;
  as?: string;
}

export function parseMonth(m: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) throw new InvalidInputError('--month', `'${m}' is not a month like 2025-06`);
  return m;
}

export function registerSample(program: Command): void {
  program
    .command('sample')
    .description('write a realistic month of LLM usage (teams, 3 API providers, 2 self-hosted regions) and its config')
    .option('--out <dir>', 'folder to write into', 'tokenprint-sample')
    .option('--events <n>', 'events to generate', '50000')
    .option('--seed <n>', 'random seed (same seed, same files)', '42')
    .option('--month <YYYY-MM>', 'month to cover', '2025-06')
    .option('--as <format>', `write the usage in another format, to try its reader: ${SAMPLE_FORMATS.join('|')}`)
    .action(async (f: Flags) => {
      const events = parsePositiveInt(String(parseAmount(f.events ?? '50000', '--events')), '--events');
      const seed = parseNonNegativeInt(f.seed ?? '42', '--seed');
      const out = f.out ?? 'tokenprint-sample';
      checkOutDir(out, '--out');
      const as = f.as === undefined ? undefined : parseChoice(f.as, '--as', SAMPLE_FORMATS);
      const s = await writeSample(out, { events, seed, month: parseMonth(f.month ?? '2025-06'), as });
      const c = s.conversion;
      const left = c === undefined ? '' : `; ${c.events} requests as ${as}` + (c.notRepresented ? `, ${c.notRepresented} left out (${as} cannot hold their provider)` : '') + (c.invalid ? `, ${c.invalid} malformed sample records left out` : '');
      process.stdout.write(`wrote ${s.config} and ${s.usage} (${s.lines} lines${left})\nnext: npx tokenprint ingest ${s.usage} --config ${s.config}\n`);
    });
}
