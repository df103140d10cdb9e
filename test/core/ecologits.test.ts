/**
 * EcoLogits-compatible method: the worked figures of the research note on inference energy (§1.10 and §5, case 1),
 * recomputed from EcoLogits' published formulas. Figures quoted to 5 significant digits are held to 0.1 %; the
 * 3-digit rows of §1.10 are held to half a unit of their last printed digit (their own rounding).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ecologitsImpacts,
  embodiedGwpKg,
  gpuCount,
  gpuEnergyPerTokenWh,
  latencyPerTokenS,
  waterCodedL,
  waterCorrectedL,
} from '../../src/core/ecologits.js';
import { exact, range } from '../../src/core/range.js';

function near(actual: number, expected: number, rel: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * rel, `${what}: ${actual} vs ${expected} (±${rel * 100}%)`);
}
/** Within half a unit of the last printed digit of `printed` (a value quoted to `digits` significant digits). */
function printed(actual: number, expected: number, digits: number, what: string): void {
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(expected))) - digits + 1);
  assert.ok(Math.abs(actual - expected) <= unit / 2 + 1e-15, `${what}: ${actual} vs ${expected} (${digits} digits)`);
}

const USA = { mixGwpKgPerKWh: 0.38355, mixWueLPerKWh: 3.1321 }; // EcoLogits electricity_mixes.csv
const SWE = { mixGwpKgPerKWh: 0.03582, mixWueLPerKWh: 6.0315 };
const OPENAI = { pue: exact(1.2), wueOnsite: exact(0.569) }; // EcoLogits PROVIDER_CONFIG_MAP
const MISTRAL = { pue: exact(1.16), wueOnsite: exact(0.09) };

test('f_E and f_L at B = 64 match the note (§5 case 1)', () => {
  near(gpuEnergyPerTokenWh(8), 4.5085e-5, 1e-3, 'f_E(8)');
  near(gpuEnergyPerTokenWh(70), 8.041e-5, 1e-3, 'f_E(70)');
  near(latencyPerTokenS(8) * 500, 22.4, 2.5e-3, 'ΔT(8, 500 tok)');
  // Blog check (Nov 2025 update): Mistral Small 3.2 24B, 400 tokens → 0.022 Wh on one GPU.
  printed(400 * gpuEnergyPerTokenWh(24), 0.0217, 3, 'Mistral Small 400 tok');
});

test('GPU count: 1.2 × P × 2 bytes over 80 GB, rounded up to a power of two', () => {
  assert.deepEqual([8, 70, 123, 405, 440, 2000].map((p) => gpuCount(p)), [1, 4, 4, 16, 16, 64]);
});

test('Llama-3.1-8B, 1 M output tokens, PUE 1.15, no latency cap → 85.4 Wh (ComparIA PR #253)', () => {
  const r = ecologitsImpacts({
    activeParamsB: exact(8),
    totalParamsB: exact(8),
    outputTokens: 1e6,
    pue: exact(1.15),
    wueOnsite: exact(0),
    mixGwpKgPerKWh: 0.47301,
    mixWueLPerKWh: 3.908,
  });
  near(r.min.energyKWh, 0.085438, 1e-3, 'energy kWh');
  near(r.min.latencyS, 44865, 1e-3, 'ΔT');
  assert.equal(r.min.gpus, 1);
});

test('mistral-large 123B, 400 tokens, SWE, v0.9.1 latency (§5 case 1, 5 digits)', () => {
  const r = ecologitsImpacts({ activeParamsB: exact(123), totalParamsB: exact(123), outputTokens: 400, ...MISTRAL, ...SWE });
  assert.equal(r.min.gpus, 4);
  near(r.min.latencyS, 49.2, 1e-3, 'ΔT');
  near(r.min.energyKWh, 3.5371e-4, 1e-3, 'energy');
  near(r.min.gwpUsageKg, 1.267e-5, 1e-3, 'GWP usage');
  near(r.min.gwpEmbodiedKg, 2.8464e-5, 1e-3, 'GWP embodied');
  near(r.min.waterCodedL, 2.5066e-3, 1e-3, 'WCF as coded');
  // The corrected water formula counts PUE once: smaller by ≈ PUE on the off-site term.
  assert.ok(r.min.waterCorrectedL < r.min.waterCodedL);
  near(r.min.waterCorrectedL, (3.5371e-4 / 1.16) * 0.09 + 3.5371e-4 * 6.0315, 1e-3, 'WCF corrected');
});

test('mistral-large, HEAD latency (tps 36.9, ttft 1.05) → 0.241 Wh, 1.71 mL (EcoLogits blog: 0.23 Wh, 1.63 mL)', () => {
  const r = ecologitsImpacts({
    activeParamsB: exact(123),
    totalParamsB: exact(123),
    outputTokens: 400,
    speed: { tps: 36.9, ttftS: 1.05 },
    ...MISTRAL,
    ...SWE,
  });
  printed(r.min.latencyS, 11.9, 3, 'ΔT');
  printed(r.min.energyKWh * 1000, 0.241, 3, 'energy Wh');
  printed(r.min.gwpUsageKg * 1000, 0.0086, 2, 'GWP usage g');
  printed(r.min.gwpEmbodiedKg * 1000, 0.0069, 2, 'GWP embodied g');
  printed(r.min.waterCodedL * 1000, 1.71, 3, 'WCF mL');
});

test('gpt-4o (440B, 44–132B active), 500 tokens, openai/USA, v0.9.1 → 1.0627–1.9169 Wh on 16 GPUs', () => {
  const r = ecologitsImpacts({ activeParamsB: range(88, 44, 132), totalParamsB: exact(440), outputTokens: 500, ...OPENAI, ...USA });
  assert.equal(r.min.gpus, 16);
  assert.equal(r.max.gpus, 16);
  near(r.min.energyKWh, 1.0627e-3, 1e-3, 'energy min');
  near(r.max.energyKWh, 1.9169e-3, 1e-3, 'energy max');
  printed(r.min.latencyS, 34.6, 3, 'ΔT min');
  printed(r.max.latencyS, 64.5, 3, 'ΔT max');
  printed(r.min.gwpUsageKg * 1000, 0.408, 3, 'GWP min');
  printed(r.max.gwpUsageKg * 1000, 0.735, 3, 'GWP max');
  printed(r.min.gwpEmbodiedKg * 1000, 0.08, 1, 'embodied min');
  printed(r.max.gwpEmbodiedKg * 1000, 0.149, 3, 'embodied max');
  printed(r.min.waterCodedL * 1000, 4.6, 2, 'WCF min');
  printed(r.max.waterCodedL * 1000, 8.3, 2, 'WCF max');
});

test('gpt-4o, HEAD latency (tps 37.8, ttft 0.52) → 0.801–1.282 Wh', () => {
  const r = ecologitsImpacts({
    activeParamsB: range(88, 44, 132),
    totalParamsB: exact(440),
    outputTokens: 500,
    speed: { tps: 37.8, ttftS: 0.52 },
    ...OPENAI,
    ...USA,
  });
  printed(r.min.latencyS, 13.75, 4, 'ΔT');
  printed(r.min.energyKWh * 1000, 0.801, 3, 'energy min');
  printed(r.max.energyKWh * 1000, 1.282, 4, 'energy max');
  printed(r.min.gwpEmbodiedKg * 1000, 0.032, 2, 'embodied');
});

test('gpt-4o-mini (8–28B), 500 tokens, v0.9.1 and HEAD latency', () => {
  const base = { activeParamsB: range(15, 8, 28), totalParamsB: range(15, 8, 28), outputTokens: 500, ...OPENAI, ...USA };
  const a = ecologitsImpacts(base);
  assert.equal(a.max.gpus, 1);
  printed(a.min.energyKWh * 1000, 0.0446, 3, 'energy min');
  printed(a.max.energyKWh * 1000, 0.0567, 3, 'energy max');
  printed(a.min.gwpUsageKg * 1000, 0.0171, 3, 'GWP min');
  printed(a.max.gwpUsageKg * 1000, 0.0218, 3, 'GWP max');
  printed(a.min.waterCodedL * 1000, 0.193, 3, 'WCF min');
  printed(a.max.waterCodedL * 1000, 0.245, 3, 'WCF max');
  const h = ecologitsImpacts({ ...base, speed: { tps: 36.8, ttftS: 0.49 } });
  printed(h.min.latencyS, 14.08, 4, 'ΔT HEAD');
  printed(h.min.energyKWh * 1000, 0.038, 3, 'energy HEAD min');
  printed(h.max.energyKWh * 1000, 0.0449, 3, 'energy HEAD max');
});

test('claude-sonnet-4, 1000 tokens, PUE 1.09–1.14, WUE 0.13–0.99 → 1.93–3.64 Wh', () => {
  const r = ecologitsImpacts({
    activeParamsB: range(88, 44, 132),
    totalParamsB: exact(440),
    outputTokens: 1000,
    pue: range(1.09, 1.09, 1.14),
    wueOnsite: range(0.13, 0.13, 0.99),
    ...USA,
  });
  printed(r.min.energyKWh * 1000, 1.93, 3, 'energy min');
  printed(r.max.energyKWh * 1000, 3.64, 3, 'energy max');
  printed(r.min.waterCodedL * 1000, 6.84, 3, 'WCF min');
  printed(r.max.waterCodedL * 1000, 16.6, 3, 'WCF max');
});

test('a measured latency below the modelled one caps ΔT (and only the server and embodied terms)', () => {
  const free = ecologitsImpacts({ activeParamsB: exact(70), totalParamsB: exact(70), outputTokens: 300, ...OPENAI, ...USA });
  const capped = ecologitsImpacts({
    activeParamsB: exact(70),
    totalParamsB: exact(70),
    outputTokens: 300,
    measuredLatencyS: 3,
    ...OPENAI,
    ...USA,
  });
  assert.equal(capped.min.latencyS, 3);
  assert.equal(capped.min.gpuEnergyKWh, free.min.gpuEnergyKWh);
  assert.ok(capped.min.serverEnergyKWh < free.min.serverEnergyKWh);
  near(capped.min.gwpEmbodiedKg, embodiedGwpKg(3, 4), 1e-12, 'embodied at 3 s');
  // A measured latency above the model leaves ΔT alone.
  const slow = ecologitsImpacts({ activeParamsB: exact(70), totalParamsB: exact(70), outputTokens: 300, measuredLatencyS: 1e4, ...OPENAI, ...USA });
  assert.equal(slow.min.latencyS, free.min.latencyS);
});

test('water formulas differ by PUE placement only', () => {
  near(waterCodedL(1, 1.2, 0.5, 3), 1 * (0.5 + 1.2 * 3), 1e-12, 'coded');
  near(waterCorrectedL(1, 1.2, 0.5, 3), 0.5 / 1.2 + 3, 1e-12, 'corrected');
});
