import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { generateSample, SAMPLE_CONFIG } from '../../ledger/sample.js';
import { InvalidInputError } from '../../core/errors.js';
import { checkOutDir } from '../out-path.js';
import { parseAmount, parseNonNegativeInt, parsePositiveInt } from '../parse.js';

export interface SampleFiles {
  readonly config: string;
  readonly usage: string;
  readonly lines: number;
}

/** Writes tokenprint.yaml and usage-<month>.jsonl into `dir`, streaming (constant memory for any N). */
export async function writeSample(dir: string, o: { events: number; seed: number; month: string }): Promise<SampleFiles> {
  await mkdir(dir, { recursive: true });
  const config = join(dir, 'tokenprint.yaml');
  const usage = join(dir, `usage-${o.month}.jsonl`);
  await writeFile(config, SAMPLE_CONFIG);
  const fd = openSync(usage, 'w');
  let buf: string[] = [];
  let lines: number;
  try {
    ({ lines } = generateSample(
      (l) => {
        buf.push(l);
        if (buf.length >= 10_000) {
          writeSync(fd, buf.join('\n') + '\n');
          buf = [];
        }
      },
      { events: o.events, seed: o.seed, month: o.month },
    ));
    if (buf.length) writeSync(fd, buf.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
  return { config, usage, lines };
}

interface Flags {
  out?: string;
  events?: string;
  seed?: string;
  month?: string;
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
    .action(async (f: Flags) => {
      const events = parsePositiveInt(String(parseAmount(f.events ?? '50000', '--events')), '--events');
      const seed = parseNonNegativeInt(f.seed ?? '42', '--seed');
      const out = f.out ?? 'tokenprint-sample';
      checkOutDir(out, '--out');
      const s = await writeSample(out, { events, seed, month: parseMonth(f.month ?? '2025-06') });
      process.stdout.write(`wrote ${s.config} and ${s.usage} (${s.lines} lines)\nnext: npx tokenprint ingest ${s.usage} --config ${s.config}\n`);
    });
}
