/**
 * The one number formatter (core/number-format.ts) prints what each of the three formatters it replaced printed (the
 * CLI's, the plan report's, the ledger reports'); the old ones are kept here as the oracle.
 */
import '../helpers/property-seed.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatNumber, formatPercent, formatRange } from '../../src/core/number-format.js';
import { num, rng } from '../../src/cli/format.js';
import { n3, pct, r3 } from '../../src/plan/report/numbers.js';
import { fmtRange } from '../../src/ledger/report/report-render.js';
import type { Range } from '../../src/core/range.js';

function oldNum(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e12 || a < 1e-3) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}
const oldRng = (r: Range, unit = '', digits = 3): string => {
  const u = unit ? ` ${unit}` : '';
  if (r.low === r.high) return `${oldNum(r.value, digits)}${u}`;
  return `${oldNum(r.value, digits)}${u}  (${oldNum(r.low, 2)}–${oldNum(r.high, 2)})`;
};
const oldR3 = (r: Range): string => (r.low === r.high ? oldNum(r.value) : `${oldNum(r.value)} (${oldNum(r.low, 2)}–${oldNum(r.high, 2)})`);
const oldPlanPct = (x: number): string => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
const f3 = (v: number): string => (v === 0 ? '0' : Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3 ? v.toExponential(2) : Number(v.toPrecision(3)).toLocaleString('en-US'));
const oldFmtRange = (x: Range): string => (x.low === x.high ? f3(x.value) : `${f3(x.value)} (${f3(x.low)}–${f3(x.high)})`);
const oldLedgerPct = (x: number): string => `${Math.round(x * 100)}%`;

/** Numbers across every magnitude the outputs print, plus the edge values. */
const anyNumber = fc.oneof(
  fc.double({ noNaN: false }),
  fc.double({ min: -1e15, max: 1e15, noNaN: true }),
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.constantFrom(0, -0, 1e-3, 999_999.5, 1e6, 1e12, 0.0009999, Number.POSITIVE_INFINITY, Number.NaN),
);
const aRange = fc.tuple(anyNumber, anyNumber, anyNumber, fc.boolean()).map(([v, l, h, point]): Range => (point ? { value: v, low: v, high: v } : { value: v, low: l, high: h }));

test('formatNumber and formatRange print what the CLI, plan and ledger formatters printed', () => {
  fc.assert(
    fc.property(anyNumber, fc.integer({ min: 1, max: 6 }), aRange, (v, d, r) => {
      assert.equal(num(v, d), oldNum(v, d));
      assert.equal(n3(v, d), oldNum(v, d));
      assert.equal(rng(r, 'kWh', d), oldRng(r, 'kWh', d));
      assert.equal(rng(r), oldRng(r));
      assert.equal(r3(r), oldR3(r));
      assert.equal(fmtRange(r), oldFmtRange(r));
    }),
    { numRuns: 2000 },
  );
});

test('formatPercent: one decimal for the plan, none for the ledger, as before', () => {
  fc.assert(
    fc.property(fc.double({ min: -2, max: 2, noNaN: true }), (x) => {
      assert.equal(pct(x), oldPlanPct(x));
      assert.equal(formatPercent(x), oldLedgerPct(x));
    }),
  );
  assert.equal(formatPercent(0.1234, 1), '12.3%');
  assert.equal(formatNumber(1234567, { exponentAbove: 1e6, maxFractionDigits: 3 }), '1.23e+6');
  assert.equal(formatRange({ value: 2, low: 1, high: 3 }, { unit: 'Wh', gap: '  ' }), '2 Wh  (1–3)');
});
