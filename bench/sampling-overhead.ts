/**
 * CPU cost of the Tracker sampling at 10 Hz, as a share of one core: process CPU time (user + system,
 * process.cpuUsage) over wall time while the tracker runs, minus the same measured over an idle wait of the same
 * length without a tracker. Target: under 1 % of one core. Uses the sources detected on this machine (the report
 * names them: on a GPU host NVML is read through FFI, elsewhere RAPL or /proc/stat).
 */
import { Tracker } from '../src/measure/tracker.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function cpuShare(ms: number, during: () => Promise<void>): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await during();
  const used = process.cpuUsage(c0);
  const wallUs = (performance.now() - t0) * 1000;
  return (used.user + used.system) / wallUs;
}

/**
 * Alternates idle and tracked spans `rounds` times and reports medians: the host is shared (other processes, CPU
 * frequency changes), so a single pair is noisy at the 0.1 % level we care about.
 */
export async function benchSamplingOverhead(spanMs = 2000, rounds = 3): Promise<string> {
  const idle: number[] = [];
  const tracked: number[] = [];
  let samples = 0;
  let sources = '';
  for (let i = 0; i < rounds; i++) {
    idle.push(await cpuShare(spanMs, () => sleep(spanMs)));
    const tracker = new Tracker({ intervalMs: 100, site: { pue: 1 } });
    await tracker.start(); // detection and opening are one-off costs, outside the measured span
    const counting = (async () => {
      for await (const _ of tracker.samples()) samples++;
    })();
    tracked.push(await cpuShare(spanMs, () => sleep(spanMs)));
    const result = await tracker.stop();
    await counting;
    sources = result.sources.filter((s) => s.used).map((s) => `${s.component}:${s.name}`).join(', ');
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const overhead = Math.max(0, median(tracked) - median(idle));
  const pct = (x: number): string => `${(x * 100).toFixed(3)} %`;
  return [
    `tracker sampling overhead at 10 Hz: ${rounds} × ${(spanMs / 1000).toFixed(1)} s spans, ${samples} samples, sources ${sources || 'none'}`,
    `  idle baseline (median)   ${pct(median(idle))} of one core`,
    `  with tracker (median)    ${pct(median(tracked))} of one core`,
    `  overhead                 ${pct(overhead)} of one core  (target < 1 %: ${overhead < 0.01 ? 'met' : 'NOT met'})`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write((await benchSamplingOverhead()) + '\n');
}
