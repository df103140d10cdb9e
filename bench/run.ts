/**
 * `npm run bench`: every benchmark, each printed beside a baseline measured in the same run (ratios, since machines
 * are noisy). `npm run bench -- inference ingest` runs a subset.
 */
import { benchInference } from './inference.js';

type Bench = () => Promise<string>;
const BENCHES: Record<string, () => Promise<Bench>> = {
  inference: async () => () => benchInference(),
  'call-overhead': async () => (await import('./call-overhead.js')).benchCallOverhead,
  ingest: async () => (await import('./ingest.js')).benchIngest,
  sampling: async () => (await import('./sampling-overhead.js')).benchSamplingOverhead,
  'schedule-grid': async () => (await import('./schedule-grid.js')).benchScheduleGrid,
};

const only = process.argv.slice(2);
for (const [name, load] of Object.entries(BENCHES)) {
  if (only.length && !only.includes(name)) continue;
  const run = await load();
  process.stdout.write(`\n== ${name}\n${await run()}\n`);
}
