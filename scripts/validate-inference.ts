/**
 * Inference validation: the committed constants vs ML.ENERGY v3 measurements (when ../shared is present), EcoLogits'
 * current formula on the same data, and a leave-one-model-out refit (how well the model predicts a model it has
 * never seen).
 */
import { loadMlEnergy, predict, ecologitsJPerToken, DEFAULT_MLENERGY_PATH } from './lib/mlenergy.js';
import { fitConstants } from './lib/fit.js';
import { errorStats, fmtStats } from './lib/stats.js';
import { INFERENCE_CONSTANTS } from '../src/catalog/data/inference-calibration.js';

export function validateInference(opts: { crossValidate?: boolean } = {}): string {
  const data = loadMlEnergy();
  if (!data) {
    const path = process.env.TOKENPRINT_MLENERGY ?? DEFAULT_MLENERGY_PATH;
    return `Inference: ML.ENERGY data not found at ${path} (it lives in ../shared/data; point TOKENPRINT_MLENERGY at a copy); skipped.\n`;
  }
  const lines: string[] = [];
  const ours = data.map((c) => predict(c, INFERENCE_CONSTANTS).energyJPerToken / c.energy_per_token_joules);
  const eco = data.map((c) => ecologitsJPerToken(c) / c.energy_per_token_joules);
  lines.push('Inference — GPU energy per output token vs ML.ENERGY v3 (H100, lm-arena-chat, 177 configurations)');
  lines.push(`  tokenprint (committed constants): ${fmtStats(errorStats(ours))}`);
  lines.push(`  EcoLogits v0.9 formula (B = max_num_seqs): ${fmtStats(errorStats(eco))}`);
  if (opts.crossValidate !== false) {
    const models = [...new Set(data.map((c) => c.model_id.replace(/-FP8$/, '')))];
    const cv: number[] = [];
    for (const m of models) {
      const train = data.filter((c) => c.model_id.replace(/-FP8$/, '') !== m);
      const k = fitConstants(train);
      for (const c of data.filter((x) => x.model_id.replace(/-FP8$/, '') === m)) {
        cv.push(predict(c, k).energyJPerToken / c.energy_per_token_joules);
      }
    }
    lines.push(`  tokenprint, leave-one-model-out refit: ${fmtStats(errorStats(cv))}`);
  }
  lines.push('');
  lines.push('  per model (pred/meas, median and range over batch sizes; EcoLogits median beside):');
  const byModel = new Map<string, { ours: number[]; eco: number[] }>();
  data.forEach((c, i) => {
    const key = `${c.model_id.split('/')[1]} ×${c.num_gpus}`;
    const e = byModel.get(key) ?? { ours: [], eco: [] };
    e.ours.push(ours[i]);
    e.eco.push(eco[i]);
    byModel.set(key, e);
  });
  for (const [k, v] of byModel) {
    const s = errorStats(v.ours);
    const e = errorStats(v.eco);
    lines.push(
      `    ${k.padEnd(46)} ours ${s.p50.toFixed(2)} (${Math.min(...v.ours).toFixed(2)}–${Math.max(...v.ours).toFixed(2)})   EcoLogits ${e.p50.toFixed(2)}`,
    );
  }
  return lines.join('\n') + '\n';
}
