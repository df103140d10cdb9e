import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { UnknownIdError } from '../../src/core/errors.js';
import { getAccelerator } from '../../src/catalog/accelerators.js';
import {
  TRAINING_HARDWARE,
  TRAINING_RUNS,
  getTrainingRun,
  type RunFigure,
} from '../../src/catalog/training-runs.js';
import { cardIntensityGPerKWh, validateTraining } from '../../scripts/validate-training.js';

function figures(r: (typeof TRAINING_RUNS)[number]): [string, RunFigure][] {
  const out: [string, RunFigure][] = [];
  for (const [k, v] of Object.entries(r)) {
    if (typeof v === 'object' && v !== null && 'status' in v) out.push([k, v as RunFigure]);
  }
  if (r.power) out.push(['power.watts', r.power.watts]);
  return out;
}

describe('training-runs catalog', () => {
  it('has unique ids, a source on every run, and a derivation on every derived figure', () => {
    const ids = TRAINING_RUNS.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of TRAINING_RUNS) {
      assert.ok(r.source.length > 10, r.id);
      for (const [k, f] of figures(r)) {
        assert.ok(Number.isFinite(f.value) && f.value >= 0, `${r.id}.${k}`);
        if (f.status === 'derived') assert.ok((f.note ?? '').length > 0, `${r.id}.${k} derived without a note`);
      }
    }
  });

  it('derives chip-hours as chips × days × 24 where the source gives days (Patterson Table 4)', () => {
    for (const r of TRAINING_RUNS) {
      if (!r.trainingDays) continue;
      assert.ok(r.acceleratorCount && r.acceleratorHours, r.id);
      assert.equal(r.acceleratorHours.value, r.acceleratorCount.value * r.trainingDays.value * 24, r.id);
    }
  });

  it('adds up to the model cards’ printed totals (Llama 2: 3,311,616 GPU-h, 539.00 t; Llama 3.1: 39.3M GPU-h, 11,390 t)', () => {
    const total = (card: string, k: 'acceleratorHours' | 'carbonT') =>
      TRAINING_RUNS.filter((r) => r.card === card).reduce((s, r) => s + (r[k]?.value ?? 0), 0);
    assert.equal(total('llama-2', 'acceleratorHours'), 3_311_616);
    // The four rows, printed to 0.01 t, sum to 538.98; the card prints 539.00 (rounding of the rows).
    assert.ok(Math.abs(total('llama-2', 'carbonT') - 539.0) < 0.03);
    assert.ok(Math.abs(total('llama-3.1', 'acceleratorHours') - 39.3e6) < 1);
    assert.equal(total('llama-3.1', 'carbonT'), 11_390);
    assert.equal(total('llama-3', 'carbonT'), 2290);
  });

  it('derives card intensities of 411–429 gCO2e/kWh (research note §2.2: Llama 2 0.423, Llama 3 0.424–0.429, Llama 3.1 0.411–0.416)', () => {
    assert.ok(Math.abs(cardIntensityGPerKWh('llama-2') - 423.5) < 1);
    assert.ok(Math.abs(cardIntensityGPerKWh('llama-3') - 424.9) < 1);
    assert.ok(Math.abs(cardIntensityGPerKWh('llama-3.1') - 414.0) < 1);
  });

  it('keeps peak TFLOP/s equal to the accelerator catalog where the chip is listed there', () => {
    for (const hw of Object.values(TRAINING_HARDWARE)) {
      if (hw.catalogId === undefined) continue;
      assert.equal(getAccelerator(hw.catalogId).peakTflops.bf16, hw.peakTflops16, hw.id);
    }
  });

  it('throws UnknownIdError with suggestions for an unknown run', () => {
    assert.throws(() => getTrainingRun('llama-3.1-450b'), (e: unknown) => e instanceof UnknownIdError && e.suggestions.length > 0);
    assert.equal(getTrainingRun('GPT-3').name, 'GPT-3 175B');
  });
});

describe('validateTraining', () => {
  const { closure, prediction } = validateTraining();
  const row = (id: string) => {
    const r = closure.find((c) => c.id === id);
    assert.ok(r, id);
    return r;
  };

  it('closes every published run within 2%', () => {
    // 2%: Patterson prints days to 2–3 digits (GShard's 3.1 days is ±1.6%); Meta prints GPU-hours to 2–4 digits and
    // its per-model implied intensities spread 411–416 g/kWh around the card-wide one.
    assert.ok(closure.length >= 15, `${closure.length} rows`);
    for (const r of closure) {
      for (const c of [r.energyMWh, r.carbonT, r.waterKL]) {
        if (c) assert.ok(Math.abs(c.ratio - 1) <= 0.02, `${r.id}: ${c.estimated} vs ${c.published}`);
      }
    }
  });

  it('reproduces GPT-3 as Patterson et al. 2021 (1,287 MWh, 552.1 tCO2e) within 1%', () => {
    const g = row('gpt-3');
    assert.ok(g.energyMWh && Math.abs(g.energyMWh.ratio - 1) < 0.01);
    assert.ok(Math.abs(g.carbonT.ratio - 1) < 0.01);
  });

  it('reproduces Llama 3.1 405B (8,930 tCO2e, model card) within 1%', () => {
    assert.ok(Math.abs(row('llama-3.1-405b').carbonT.ratio - 1) < 0.01);
  });

  it('covers all five Patterson runs, BLOOM, Llama 2 and 3.1, and OLMo 2 7B', () => {
    for (const id of ['t5-11b', 'meena', 'gshard-600b', 'switch-transformer', 'gpt-3', 'bloom-176b', 'llama-2-7b', 'llama-2-13b',
      'llama-2-70b', 'llama-3.1-8b', 'llama-3.1-70b', 'llama-3.1-405b', 'olmo-2-7b']) {
      row(id);
    }
    assert.equal(row('olmo-2-7b').mode, 'measured-energy');
    assert.ok(row('olmo-2-7b').waterKL);
  });

  it('predicts published accelerator-hours from 6ND: inside the default range for most runs, central within ±30%', () => {
    // In-sample: the MFU defaults were chosen from these runs, so this checks the table's coverage and arithmetic,
    // not out-of-sample skill. ±30% is the research note's expectation for a size-dependent default (§6.1).
    assert.ok(prediction.length >= 10);
    const inside = prediction.filter((p) => p.inside).length;
    assert.ok(inside / prediction.length >= 0.8, `${inside}/${prediction.length} inside`);
    // Hopper below 20B is centred between Meta's accounted cards (14–16 %) and the 0.3–0.45 steady-state MFU of
    // other 2024–25 H100 runs (catalog/mfu-defaults.ts), so Meta's small cards sit at the range's low edge: inside
    // the range and within ×1.8 of the centre, not ±30 %.
    const metaSmall = (p: (typeof prediction)[number]) => /^llama-3(\.1)?-8b$/.test(p.id);
    for (const p of prediction.filter((x) => !metaSmall(x))) assert.ok(p.ratio > 1 / 1.3 && p.ratio < 1.3, `${p.id}: ratio ${p.ratio}`);
    for (const p of prediction.filter(metaSmall)) assert.ok(p.inside && p.ratio > 1 / 1.8, `${p.id}: ratio ${p.ratio}`);
    assert.ok(prediction.find((p) => p.id === 'llama-3.1-405b')?.inside);
  });

  it('recomputes the implied MFU of research note §2.3 (±1 point: the note rounds to whole points)', () => {
    const expected: Record<string, number> = {
      'gpt-3': 0.197,
      gopher: 0.302,
      'palm-540b': 0.304,
      'bloom-176b': 0.318,
      'llama-2-7b': 0.39,
      'llama-2-13b': 0.38,
      'llama-2-34b': 0.35,
      'llama-2-70b': 0.43,
      'llama-3-8b': 0.16,
      'llama-3-70b': 0.28,
      'llama-3.1-8b': 0.14,
      'llama-3.1-70b': 0.26,
      'llama-3.1-405b': 0.35,
    };
    for (const [id, mfu] of Object.entries(expected)) {
      const p = prediction.find((x) => x.id === id);
      assert.ok(p, id);
      assert.ok(Math.abs(p.impliedMfu - mfu) <= 0.01, `${id}: ${p.impliedMfu} vs ${mfu}`);
    }
  });

  it('does better with generation and size buckets than with the generation-blind default', () => {
    const geo = (xs: number[]) => Math.exp(xs.reduce((a, x) => a + Math.abs(Math.log(x)), 0) / xs.length);
    assert.ok(geo(prediction.map((p) => p.ratio)) < geo(prediction.map((p) => p.ratioGenerationBlind)));
  });
});
