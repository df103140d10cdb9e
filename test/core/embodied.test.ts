import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  SECONDS_PER_YEAR,
  amortisedDeviceEmbodiedG,
  dieAreaEmbodiedKg,
  embodiedForUse,
  yearsToSeconds,
} from '../../src/core/embodied.js';
import { InvalidInputError } from '../../src/core/errors.js';
import { exact, isOrdered, range } from '../../src/core/range.js';

// Float arithmetic only: 1e-9 relative tolerance unless a test says otherwise.
function close(actual: number, expected: number, rel = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${actual} ≉ ${expected}`);
}

describe('dieAreaEmbodiedKg (LLMCarbon lower bound)', () => {
  it('reproduces LLMCarbon\'s H100 row: 8.14 cm² × 1.8 kg/cm² = 14.652 kg, plus 80 GB × 0.4 kg/GB', () => {
    const r = dieAreaEmbodiedKg({ dieAreaMm2: 814, processNode: '4nm', memoryGB: 80 });
    close(r.value, 14.652 + 32);
    assert.equal(r.low, r.high);
  });

  it('reproduces LLMCarbon\'s V100 row (12 nm, 9.78 kg die) with no memory', () => {
    close(dieAreaEmbodiedKg({ dieAreaMm2: 815, processNode: '12nm', memoryGB: 0 }).value, 9.78);
  });

  it('spans 16 nm (1.0) to 4 nm (1.8 kg/cm²) when the node is unknown', () => {
    const r = dieAreaEmbodiedKg({ dieAreaMm2: 1000, memoryGB: 10 });
    close(r.low, 10 + 4);
    close(r.high, 18 + 4);
    close(r.value, r.high);
  });

  it('rejects a non-positive die area and negative memory', () => {
    assert.throws(() => dieAreaEmbodiedKg({ dieAreaMm2: 0, memoryGB: 80 }), InvalidInputError);
    assert.throws(() => dieAreaEmbodiedKg({ dieAreaMm2: 814, memoryGB: -1 }), InvalidInputError);
  });
});

describe('time-based amortisation', () => {
  it('uses the 8,760-h year', () => {
    assert.equal(SECONDS_PER_YEAR, 31_557_600); // Julian year, 365.25 d
    close(yearsToSeconds(4).value, 4 * 365.25 * 86400);
  });

  it('H100 PCF share, 164 kg over 4 years: 4.68 g per GPU-hour (research note §2.7 table: 4.7)', () => {
    const g = amortisedDeviceEmbodiedG(164, 3600, yearsToSeconds(4));
    close(g.value, (164_000 * 3600) / (4 * 31_557_600)); // Julian years
    assert.ok(Math.abs(g.value - 4.7) < 0.05);
  });

  it('H100 + one-eighth of a 5,700 kg host, 5 yr at 70 % utilisation: 28.6 g per busy GPU-hour (note §2.7)', () => {
    // Utilisation 70 % means each busy hour carries 1/0.7 wall-clock hours of the device's life.
    const r = embodiedForUse({
      deviceKg: exact(164),
      hostKg: exact(5700 / 8),
      count: 1,
      durationS: 3600 / 0.7,
      lifetimeS: yearsToSeconds(5),
    });
    assert.ok(Math.abs(r.totalG.value - 28.6) < 0.05, `${r.totalG.value}`);
  });

  it('scales by count and share, and sums accelerators and host', () => {
    const base = { deviceKg: exact(164), hostKg: exact(712.5), durationS: 3600, lifetimeS: exact(1e8) };
    const one = embodiedForUse({ ...base, count: 1 });
    const eightHalf = embodiedForUse({ ...base, count: 8, share: 0.5 });
    close(one.acceleratorsG.value, (164_000 * 3600) / 1e8);
    close(one.hostG.value, (712_500 * 3600) / 1e8);
    close(eightHalf.acceleratorsG.value, 4 * one.acceleratorsG.value);
    close(eightHalf.totalG.value, eightHalf.acceleratorsG.value + eightHalf.hostG.value);
  });

  it('a lifetime range maps to grams the other way round: long life → low bound', () => {
    const r = embodiedForUse({
      deviceKg: range(164, 130, 270),
      hostKg: exact(0),
      count: 1,
      durationS: 3600,
      lifetimeS: yearsToSeconds(range(4, 3, 6)),
    });
    close(r.acceleratorsG.low, (130_000 * 3600) / (6 * SECONDS_PER_YEAR));
    close(r.acceleratorsG.high, (270_000 * 3600) / (3 * SECONDS_PER_YEAR));
    assert.ok(isOrdered(r.acceleratorsG) && isOrdered(r.totalG));
  });

  it('amortises the host over its own lifetime when given', () => {
    const r = embodiedForUse({
      deviceKg: exact(100),
      hostKg: exact(100),
      count: 1,
      durationS: 3600,
      lifetimeS: yearsToSeconds(3),
      hostLifetimeS: yearsToSeconds(6),
    });
    close(r.hostG.value, r.acceleratorsG.value / 2);
  });

  it('rejects a zero count, a share above 1, a negative duration and a zero lifetime', () => {
    const base = { deviceKg: exact(1), hostKg: exact(1), count: 1, durationS: 1, lifetimeS: exact(1) };
    assert.throws(() => embodiedForUse({ ...base, count: 0 }), InvalidInputError);
    assert.throws(() => embodiedForUse({ ...base, share: 1.5 }), InvalidInputError);
    assert.throws(() => embodiedForUse({ ...base, durationS: -1 }), InvalidInputError);
    assert.throws(() => embodiedForUse({ ...base, lifetimeS: range(1, 0, 2) }), InvalidInputError);
  });
});
