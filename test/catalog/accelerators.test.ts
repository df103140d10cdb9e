import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCELERATORS, getAccelerator, listAccelerators } from '../../src/catalog/accelerators.js';
import { ACCELERATOR_LIFETIME_YEARS, SERVER_LIFETIME_YEARS } from '../../src/catalog/lifetimes.js';
import type { Accelerator } from '../../src/catalog/types.js';
import { dieAreaEmbodiedKg } from '../../src/core/embodied.js';
import { UnknownIdError } from '../../src/core/errors.js';
import { isOrdered, type Range } from '../../src/core/range.js';

const EXPECTED_IDS = [
  'v100', 'a100-40gb', 'a100-80gb', 'h100-sxm', 'h100-pcie', 'h800', 'h200', 'b200', 'gb200', 'l4', 'l40s',
  'mi250x', 'mi300x', 'mi325x', 'mi355x', 'tpu-v4', 'tpu-v5e', 'tpu-v5p', 'tpu-v6e', 'gaudi2', 'gaudi3',
  'trainium2', 'inferentia2',
];

const ridge = (a: Accelerator): number => a.peakTflops.bf16 / a.memoryBandwidthTBps; // TFLOP/s ÷ TB/s = FLOP/B
const positiveRange = (r: Range): boolean => r.low > 0 && isOrdered(r);

describe('accelerator catalog', () => {
  it('holds exactly the agreed ids, each a unique lower-case slug', () => {
    const ids = ACCELERATORS.map((a) => a.id);
    assert.deepEqual([...ids].sort(), [...EXPECTED_IDS].sort());
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.equal(listAccelerators(), ACCELERATORS);
  });

  for (const a of ACCELERATORS) {
    it(`${a.id}: positive, ordered specs and sourced embodied figures`, () => {
      assert.ok(a.tdpW > 0 && a.memoryGB > 0 && a.memoryBandwidthTBps > 0 && a.hostPowerW > 0);
      assert.ok(a.year >= 2017 && a.year <= 2026);
      const { bf16, fp8, int8, fp4 } = a.peakTflops;
      assert.ok(bf16 > 0);
      // Narrower formats never run slower than 16-bit on the same matrix units.
      if (fp8 !== undefined) assert.ok(fp8 >= bf16);
      if (int8 !== undefined) assert.ok(int8 >= bf16);
      if (fp4 !== undefined) assert.ok(fp4 >= (fp8 ?? bf16));
      if (a.dieAreaMm2 !== undefined) assert.ok(a.dieAreaMm2 > 100 && a.dieAreaMm2 < 900); // one reticle ≤ 858 mm²
      assert.ok(positiveRange(a.embodied.kgCO2e) && positiveRange(a.hostEmbodiedKgCO2e));
      assert.ok(a.source.length > 0 && a.embodied.source.length > 0 && a.embodied.boundary.length > 0);
      // Per-device embodied lies between 30 kg (a 72 W card) and 1.1 t (TPU v5p's whole per-chip total).
      assert.ok(a.embodied.kgCO2e.value > 30 && a.embodied.kgCO2e.high <= 1101);
    });

    it(`${a.id}: roofline ridge point is plausible (80–700 FLOP/byte at BF16)`, () => {
      // From HBM2e-era parts (MI250X ≈ 117) to GDDR or compute-heavy parts (L4 ≈ 403, TPU v6e ≈ 560).
      assert.ok(ridge(a) >= 80 && ridge(a) <= 700, `${a.id}: ${ridge(a)}`);
    });

    it(`${a.id}: every assumed field exists and is explained in notes`, () => {
      for (const field of a.assumedFields) {
        const [head, sub] = field.split('.');
        const holder: unknown = (a as unknown as Record<string, unknown>)[head];
        assert.ok(holder !== undefined, `${a.id}: unknown field ${field}`);
        if (sub) assert.ok((holder as Record<string, unknown>)[sub] !== undefined, `${a.id}: unknown field ${field}`);
        assert.ok(a.notes?.includes(`${field}`), `${a.id}: notes do not explain ${field}`);
      }
      assert.equal(a.embodied.assumed, a.assumedFields.includes('embodied'));
      if (a.embodied.method === 'assumed') assert.equal(a.embodied.assumed, true);
    });
  }

  it('each entry states its MFU generation: the Hopper, Ampere and Volta parts by name, the rest unknown (wide envelope)', () => {
    const byGeneration = (g: string) => listAccelerators().filter((a) => a.generation === g).map((a) => a.id).sort();
    assert.deepEqual(byGeneration('hopper'), ['h100-pcie', 'h100-sxm', 'h200', 'h800']);
    assert.deepEqual(byGeneration('ampere'), ['a100-40gb', 'a100-80gb']);
    assert.deepEqual(byGeneration('volta'), ['v100']);
    assert.deepEqual(byGeneration('tpu-v4'), ['tpu-v4']);
    assert.equal(getAccelerator('b200').generation, 'unknown'); // no published Blackwell MFU runs
  });

  it('H100 SXM matches its datasheet: 700 W, 989 TFLOPS BF16, 1,979 FP8, 3.35 TB/s, 80 GB', () => {
    const h = getAccelerator('h100-sxm');
    assert.equal(h.tdpW, 700);
    assert.equal(h.peakTflops.bf16, 989);
    assert.equal(h.peakTflops.fp8, 1979);
    assert.equal(h.memoryBandwidthTBps, 3.35);
    assert.equal(h.memoryGB, 80);
    assert.ok(Math.abs(ridge(h) - 295) < 1); // research note §4.1: ≈ 295
  });

  it('host power from DGX max power: H100 (10.2 kW) 575 W, A100 (6.5 kW) 412.5 W, B200 (14.3 kW) 787.5 W', () => {
    assert.equal(getAccelerator('h100-sxm').hostPowerW, 575);
    assert.equal(getAccelerator('a100-80gb').hostPowerW, 412.5);
    assert.equal(getAccelerator('b200').hostPowerW, 787.5);
    const gb = getAccelerator('gb200'); // NVL72 rack ≈ 120 kW for 72 GPUs
    assert.ok(Math.abs((gb.tdpW + gb.hostPowerW) * 72 - 120_000) < 1);
  });

  it('vendor PCFs: 1,312 kg / 8 = 164 kg per H100, 2,274 kg / 8 = 284.25 kg per B200', () => {
    const h = getAccelerator('h100-sxm').embodied;
    assert.equal(h.method, 'lca');
    assert.equal(h.kgCO2e.value, 164);
    assert.equal(getAccelerator('b200').embodied.kgCO2e.value, 284.25);
  });

  it('die-area lower bound (LLMCarbon, worst-case node) stays below every per-device figure', () => {
    const withDie = ACCELERATORS.filter((a) => a.dieAreaMm2 !== undefined);
    assert.ok(withDie.some((a) => a.embodied.method === 'lca')); // A100 40GB and H100 SXM have both
    for (const a of withDie) {
      const bound = dieAreaEmbodiedKg({ dieAreaMm2: a.dieAreaMm2 as number, memoryGB: a.memoryGB });
      assert.ok(bound.high <= a.embodied.kgCO2e.value, `${a.id}: bound ${bound.high} > ${a.embodied.kgCO2e.value}`);
    }
    // The die alone is an order of magnitude below NVIDIA's H100 figure (14.65 vs 164 kg, research note §2.4).
    const h = getAccelerator('h100-sxm');
    const dieOnly = dieAreaEmbodiedKg({ dieAreaMm2: 814, processNode: '4nm', memoryGB: 0 }).value;
    assert.ok(h.embodied.kgCO2e.value / dieOnly > 10);
  });
});

describe('getAccelerator', () => {
  it('accepts natural aliases case-insensitively', () => {
    const cases: Array<[string, string]> = [
      ['H100', 'h100-sxm'],
      ['h100', 'h100-sxm'],
      ['NVIDIA H100 80GB HBM3', 'h100-sxm'],
      ['H100 PCIe', 'h100-pcie'],
      ['A100', 'a100-80gb'],
      ['A100-SXM4-40GB', 'a100-40gb'],
      ['MI300X', 'mi300x'],
      ['AMD Instinct MI325X', 'mi325x'],
      ['TPU v5e', 'tpu-v5e'],
      ['Trillium', 'tpu-v6e'],
      ['Intel Gaudi 3', 'gaudi3'],
      ['trn2', 'trainium2'],
    ];
    for (const [input, id] of cases) assert.equal(getAccelerator(input).id, id, input);
  });

  it('throws UnknownIdError with h100-sxm as the first suggestion for h100sxm', () => {
    assert.throws(
      () => getAccelerator('h100sxm'),
      (e: unknown) => e instanceof UnknownIdError && e.code === 'UNKNOWN_ID' && e.suggestions[0] === 'h100-sxm',
    );
  });

  it('throws for an id that resembles nothing', () => {
    assert.throws(() => getAccelerator('abacus'), UnknownIdError);
  });
});

describe('lifetimes', () => {
  for (const [name, l] of [['accelerator', ACCELERATOR_LIFETIME_YEARS], ['server', SERVER_LIFETIME_YEARS]] as const) {
    it(`${name}: 3–6 years around 4, sourced and marked as a modelling choice`, () => {
      assert.ok(isOrdered(l) && l.low >= 3 && l.high <= 6);
      assert.equal(l.value, 4);
      assert.equal(l.assumed, true);
      assert.ok(l.source.includes('Schneider'));
    });
  }
});
