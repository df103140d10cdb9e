/**
 * Ingest speed of each per-request usage format against tokenprint's JSONL (issue 14: within 20 %): the sample month
 * is written in each format (`sample --as`), and the events that file holds are written again as our JSONL (same
 * requests, same count: Bedrock holds only the Anthropic share). Both are ingested into a fresh DuckDB ledger,
 * alternating, median of TOKENPRINT_BENCH_FORMAT_RUNS (default 3) runs after one untimed warm-up; events/s and MB/s
 * (the formats' records are 1.2–2.3× the bytes of ours). Each pair is timed twice: with the reader run in-line (no
 * worker: parsing and the ledger's inserts take turns on one thread, so the reader's own cost shows most), and as
 * `tokenprint ingest` runs a large file (the parse worker thread beside the inserts: the end-to-end ingest speed the
 * issue names). Size: TOKENPRINT_BENCH_FORMAT_EVENTS (default 200,000); TOKENPRINT_BENCH_FORMATS=helicone,vertex
 * runs only those formats.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSample, SAMPLE_FORMATS } from '../src/cli/commands/sample.js';
import { parseConfig } from '../src/ledger/config.js';
import { openStore } from '../src/ledger/store/open-store.js';
import { ingest } from '../src/ledger/ingest/ingest.js';
import { readUsage } from '../src/sources/usage/reader.js';
import { eventJson } from '../src/sources/usage/formats/jsonl.js';

/** Our JSONL of exactly the events a format file holds (the fair reference: same requests, same count). */
async function sameEventsAsJsonl(file: string, out: string): Promise<void> {
  const lines: string[] = [];
  for await (const b of readUsage(file)) for (const r of b.records) if (r.ok) lines.push(JSON.stringify(eventJson(r.event)));
  writeFileSync(out, lines.join('\n') + '\n');
}

/**
 * Wall seconds, and CPU seconds of this process (user + system, DuckDB's threads included): on a shared, loaded
 * machine the wall ratio swings (0.6–0.9 for one build); the CPU ratio is the steadier reading.
 */
async function timeIngest(file: string, config: string, db: string, worker: boolean): Promise<{ s: number; cpuS: number; n: number }> {
  rmSync(db, { force: true });
  const store = await openStore(db);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await ingest(store, parseConfig(config, 'tokenprint.yaml'), [file], { worker });
  const c = process.cpuUsage(c0);
  const s = (performance.now() - t0) / 1000;
  await store.close();
  rmSync(db, { force: true });
  return { s, cpuS: (c.user + c.system) / 1e6, n: r.read };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchUsageFormats(): Promise<string> {
  const events = Number(process.env.TOKENPRINT_BENCH_FORMAT_EVENTS ?? 200_000);
  const runs = Number(process.env.TOKENPRINT_BENCH_FORMAT_RUNS ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'tp-bench-formats-'));
  try {
    const base = await writeSample(join(dir, 'jsonl'), { events, seed: 42, month: '2025-06' });
    const config = readFileSync(base.config, 'utf8');
    const db = join(dir, 'l.duckdb');
    const lines = [
      `sample events ${events}, DuckDB, median of ${runs}; ratio = format events/s ÷ JSONL events/s on the same events`,
      `  in-line: parsing in the ingest's thread (no worker), wall and CPU-time ratios; end-to-end: \`tokenprint ingest\` as it runs (parse worker), wall ratio`,
    ];
    await timeIngest(base.usage, config, db, false); // warm-up
    await timeIngest(base.usage, config, db, true);
    const only = process.env.TOKENPRINT_BENCH_FORMATS?.split(',').map((f) => f.trim());
    for (const as of SAMPLE_FORMATS) {
      if (as === 'csv') continue; // tokenprint's own CSV: not an import format
      if (only !== undefined && !only.includes(as)) continue;
      const s = await writeSample(join(dir, as), { events, seed: 42, month: '2025-06', as });
      const refFile = join(dir, `${as}.same-events.jsonl`);
      await sameEventsAsJsonl(s.usage, refFile);
      const mb = (f: string) => statSync(f).size / 1e6;
      const fmt: number[] = [];
      const ref: number[] = [];
      const fmtCpu: number[] = [];
      const refCpu: number[] = [];
      const fmtE2e: number[] = [];
      const refE2e: number[] = [];
      let n = 0;
      let m = 0;
      for (let i = 0; i < runs; i++) {
        const a = await timeIngest(s.usage, config, db, false);
        const b = await timeIngest(refFile, config, db, false);
        const aw = await timeIngest(s.usage, config, db, true);
        const bw = await timeIngest(refFile, config, db, true);
        fmtE2e.push(aw.n / aw.s);
        refE2e.push(bw.n / bw.s);
        fmt.push(a.n / a.s);
        ref.push(b.n / b.s);
        fmtCpu.push(a.n / a.cpuS);
        refCpu.push(b.n / b.cpuS);
        n = a.n;
        m = b.n;
      }
      if (m === 0) {
        // An aggregate format holds buckets, not requests: there is no per-request JSONL of the same records to compare.
        lines.push(`${as.padEnd(16)} aggregate format: ${n} buckets at ${Math.round(median(fmt)).toLocaleString('en')} buckets/s (${mb(s.usage).toFixed(1)} MB; no per-request JSONL to compare)`);
        continue;
      }
      const ratio = median(fmt) / median(ref);
      const cpuRatio = median(fmtCpu) / median(refCpu);
      const e2eRatio = median(fmtE2e) / median(refE2e);
      const mbs = (ev: number, f: string, count: number) => ((ev * mb(f)) / count).toFixed(1);
      const below = (r: number) => (r < 0.8 ? ' (below the 0.80 target)' : '');
      const rate = (r: number) => Math.round(r).toLocaleString('en');
      lines.push(
        `${as.padEnd(16)} in-line ${rate(median(fmt))} events/s, ${mbs(median(fmt), s.usage, n)} MB/s (${n} events) vs JSONL ${rate(median(ref))} events/s, ${mbs(median(ref), refFile, m)} MB/s (${m}): ratio ${ratio.toFixed(2)}${below(ratio)}, by CPU time ${cpuRatio.toFixed(2)}`,
        `${''.padEnd(16)} end-to-end ${rate(median(fmtE2e))} events/s vs JSONL ${rate(median(refE2e))} events/s: ratio ${e2eRatio.toFixed(2)}${below(e2eRatio)}`,
      );
    }
    return lines.join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
