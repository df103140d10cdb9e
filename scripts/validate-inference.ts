/**
 * Inference validation against ML.ENERGY v3 H100 and B200 (when ../shared is present): the committed constants in
 * sample, EcoLogits' formula on the same data, the leave-one-accelerator-out refit (fit on one accelerator,
 * predict the other: the figures the README quotes), errors per regime (batch, dense/MoE, precision), the coverage
 * of the stated ranges, and a leave-one-model-out refit.
 */
import { loadMlEnergy, ratio, ecologitsJPerToken, DEFAULT_MLENERGY_DIR, type Measured } from './lib/mlenergy.js';
import { fitConstants } from './lib/fit.js';
import { leaveOneAcceleratorOut } from './lib/loao.js';
import { errorStats, fmtStats, quantile } from './lib/stats.js';
import { INFERENCE_CONSTANTS, INFERENCE_ERROR_BAND } from '../src/catalog/data/inference-calibration.js';

interface Row {
  readonly x: Measured;
  /** predicted / measured. */
  readonly ratio: number;
}

const baseModel = (id: string) => id.replace(/-FP8$/, '');

/** The regimes issue 17 asks errors for: batch ≤ 32, 33–256, > 256; dense vs MoE; weight precision. */
function regimes(x: Measured): string[] {
  const b = x.c.avg_batch_size;
  const batch = b <= 32 ? 'batch ≤ 32' : b <= 256 ? 'batch 33–256' : 'batch > 256';
  return [batch, x.shape.experts ? 'MoE' : 'dense', x.precision];
}

function regimeTable(title: string, rows: readonly Row[]): string[] {
  const groups = new Map<string, number[]>();
  const order = ['batch ≤ 32', 'batch 33–256', 'batch > 256', 'dense', 'MoE', 'bf16', 'fp8', 'mxfp4'];
  for (const r of rows) for (const g of regimes(r.x)) groups.set(g, [...(groups.get(g) ?? []), r.ratio]);
  const lines = [`  ${title}`];
  for (const g of order) {
    const v = groups.get(g);
    if (v) lines.push(`    ${g.padEnd(14)} ${fmtStats(errorStats(v))}`);
  }
  return lines;
}

/** Share of measurements inside [pred·low, pred·high] and the median width high/low of those ranges. */
function coverage(rows: readonly Row[]): { inside: number; medianWidth: number } {
  const { low, high } = INFERENCE_ERROR_BAND;
  const inside = rows.filter((r) => 1 / r.ratio >= low && 1 / r.ratio <= high).length / rows.length;
  // Every measured configuration has an exact batch and parameter count, so its range is the error band alone.
  const widths = rows.map(() => high / low).sort((a, b) => a - b);
  return { inside, medianWidth: quantile(widths, 0.5) };
}

const fmtCoverage = (c: { inside: number; medianWidth: number }) =>
  `${(c.inside * 100).toFixed(0)} % inside [low, high], median width ${c.medianWidth.toFixed(2)}× (goal ≥ 80 % at ≤ 2.5×)`;

export function validateInference(opts: { crossValidate?: boolean } = {}): string {
  const data = loadMlEnergy();
  if (!data) {
    const dir = process.env.TOKENPRINT_MLENERGY_DIR ?? DEFAULT_MLENERGY_DIR;
    return `Inference: ML.ENERGY data not found in ${dir} (mlenergy-v3-{h100,b200}-chat.json live in ../shared/data; point TOKENPRINT_MLENERGY_DIR at a copy); skipped.\n`;
  }
  const lines: string[] = [];
  const accelerators = [...new Set(data.map((d) => d.accelerator))];
  const inSample: Row[] = data.map((x) => ({ x, ratio: ratio(x, INFERENCE_CONSTANTS) }));
  lines.push(`Inference — GPU energy per output token vs ML.ENERGY v3 lm-arena-chat (vLLM), ${data.length} configurations`);
  lines.push('  in sample (committed constants, fitted on both files):');
  for (const a of accelerators) {
    const rows = inSample.filter((r) => r.x.accelerator === a);
    lines.push(`    ${a.padEnd(9)} tokenprint: ${fmtStats(errorStats(rows.map((r) => r.ratio)))}`);
    lines.push(`    ${''.padEnd(9)} EcoLogits v0.9 formula (B = max_num_seqs): ${fmtStats(errorStats(rows.map((r) => ecologitsJPerToken(r.x.c) / r.x.c.energy_per_token_joules)))}`);
  }
  lines.push('');
  lines.push('  leave-one-accelerator-out refit (fit on the other accelerator only, predict this one; out of sample):');
  const held = leaveOneAcceleratorOut(data);
  const outOfSample: Row[] = held.flatMap((h) => h.rows);
  for (const h of held) {
    const from = accelerators.filter((a) => a !== h.accelerator).join('+');
    lines.push(`    fit ${from} → predict ${h.accelerator.padEnd(9)} ${fmtStats(errorStats(h.rows.map((r) => r.ratio)))}`);
  }
  lines.push('    precision on each generation — FP8 weight-streaming efficiency fitted on one accelerator alone:');
  for (const a of accelerators) {
    const k = fitConstants(data.filter((d) => d.accelerator === a));
    lines.push(`      ${a.padEnd(9)} lowPrecisionMemEfficiency ${k.lowPrecisionMemEfficiency.toFixed(3)}   (both files: ${INFERENCE_CONSTANTS.lowPrecisionMemEfficiency.toFixed(3)})`);
  }
  lines.push('');
  lines.push(...regimeTable('per regime, in sample:', inSample));
  lines.push(...regimeTable('per regime, leave-one-accelerator-out:', outOfSample));
  lines.push('');
  lines.push(`  coverage of the stated range (error band ×${INFERENCE_ERROR_BAND.low} … ×${INFERENCE_ERROR_BAND.high}, measured/predicted p10…p90 out of sample):`);
  lines.push(`    in sample:                   ${fmtCoverage(coverage(inSample))}`);
  lines.push(`    leave-one-accelerator-out:   ${fmtCoverage(coverage(outOfSample))}`);
  for (const a of accelerators) {
    lines.push(`      ${a.padEnd(9)} held out:      ${fmtCoverage(coverage(outOfSample.filter((r) => r.x.accelerator === a)))}`);
  }
  if (opts.crossValidate !== false) {
    const models = [...new Set(data.map((d) => baseModel(d.c.model_id)))];
    const cv: number[] = [];
    for (const m of models) {
      const k = fitConstants(data.filter((d) => baseModel(d.c.model_id) !== m));
      for (const x of data.filter((d) => baseModel(d.c.model_id) === m)) cv.push(ratio(x, k));
    }
    lines.push('');
    lines.push(`  leave-one-model-out refit (both accelerators): ${fmtStats(errorStats(cv))}`);
  }
  lines.push('');
  lines.push('  per model (pred/meas in sample, median and range over batch sizes; leave-one-accelerator-out median; EcoLogits median):');
  const byModel = new Map<string, { ours: number[]; loao: number[]; eco: number[] }>();
  inSample.forEach((r) => {
    const key = `${r.x.accelerator} ${r.x.c.model_id.split('/')[1]} ×${r.x.c.num_gpus}`;
    const e = byModel.get(key) ?? { ours: [], loao: [], eco: [] };
    e.ours.push(r.ratio);
    e.eco.push(ecologitsJPerToken(r.x.c) / r.x.c.energy_per_token_joules);
    const o = outOfSample.find((q) => q.x === r.x);
    if (o) e.loao.push(o.ratio);
    byModel.set(key, e);
  });
  for (const [k, v] of byModel) {
    lines.push(
      `    ${k.padEnd(55)} ours ${errorStats(v.ours).p50.toFixed(2)} (${Math.min(...v.ours).toFixed(2)}–${Math.max(...v.ours).toFixed(2)})` +
        `   LOAO ${errorStats(v.loao).p50.toFixed(2)}   EcoLogits ${errorStats(v.eco).p50.toFixed(2)}`,
    );
  }
  return lines.join('\n') + '\n';
}
