/**
 * estimateInference throughput for a fixed deployment (prepared once), beside a trivial-arithmetic baseline run in
 * the same process: the ratio is what to compare across machines.
 */
import { prepareInference } from '../src/core/inference.js';
import { resolveInferenceDeployment } from '../src/estimate/inference-deployment.js';

function rate(n: number, f: () => number): { perS: number; sink: number } {
  const t0 = process.hrtime.bigint();
  const sink = f();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { perS: n / s, sink };
}

export async function benchInference(n = Number(process.env.BENCH_INFERENCE_N ?? 2_000_000)): Promise<string> {
  const { deployment } = resolveInferenceDeployment({ model: 'llama-3.1-70b-instruct', hardware: 'h100-sxm', region: 'DE' });
  const est = prepareInference(deployment);
  // Warm-up so both loops run optimised code.
  for (let i = 0; i < 200_000; i++) est({ inputTokens: 500 + (i & 1023), outputTokens: 200 + (i & 511) });
  const baseline = rate(n, () => {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const a = 500 + (i & 1023);
      const b = 200 + (i & 511);
      acc += (a * 1.7e-4 + b * 3.1e-3) * 0.42; // one linear energy formula, nothing else
    }
    return acc;
  });
  const memBefore = process.memoryUsage().heapUsed;
  const real = rate(n, () => {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += est({ inputTokens: 500 + (i & 1023), outputTokens: 200 + (i & 511) }).perRequest.energyWh.value;
    }
    return acc;
  });
  const heapMB = (process.memoryUsage().heapUsed - memBefore) / 1e6;
  return [
    `estimateInference (llama-3.1-70b on 4×h100-sxm, facility boundary), ${n.toLocaleString('en-US')} requests, one core`,
    `  tokenprint:              ${(real.perS / 1e6).toFixed(2)} M estimates/s   (target ≥ 1 M/s)`,
    `  baseline (1 formula):    ${(baseline.perS / 1e6).toFixed(2)} M evaluations/s`,
    `  ratio tokenprint/baseline: ${(real.perS / baseline.perS).toFixed(3)}   heap delta ${heapMB.toFixed(1)} MB   (checksums ${real.sink > 0 && baseline.sink > 0 ? 'ok' : 'BAD'})`,
  ].join('\n');
}
