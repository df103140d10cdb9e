/**
 * Calibrations saved by `profile-endpoint --save-calibration` (one entry per measured concurrency): the ledger applies
 * the entry whose batch is closest to the deployment's configured batch, and says which one in the row's dim.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/ledger/config.js';
import { LedgerEstimator, emptyFootprint, pickCalibration } from '../../src/ledger/ingest/estimator.js';
import type { UsageEvent } from '../../src/sources/usage/event.js';

const deployment = `deployments:
  - name: llama-paris
    model: llama-3.1-70b-instruct
    accelerator: h100-sxm
    count: 4
    batch: 48
    region: FR
`;
const entry = (batch: number, factor: number) =>
  `  - { deployment: llama-paris, hardware: h100-sxm, gpus: 4, model: llama-3.1-70b-instruct, precision: bf16, batch: ${batch}, factor: ${factor}, measuredAt: 2026-01-01T00:00:00Z, source: test }\n`;
const event: UsageEvent = {
  timestampMs: Date.parse('2025-06-01T10:00:00Z'), model: 'llama-3.1-70b-instruct', provider: 'self-hosted', deployment: 'llama-paris',
  inputTokens: 800, cachedInputTokens: 0, outputTokens: 200, reasoningTokens: 0,
};

function energy(configText: string): { wh: number; method: string; note: string | null } {
  const fp = emptyFootprint();
  const why = new LedgerEstimator(parseConfig(configText), new Map()).estimate(event, fp);
  assert.equal(why, undefined);
  return { wh: fp.energyWh, method: fp.dim.method, note: fp.dim.fallback };
}

test('pickCalibration: closest batch wins; ties and batch-less entries go to the later entry', () => {
  const e = (batch: number | undefined, factor: number) => ({ deployment: 'd', factor, ...(batch === undefined ? {} : { batch }) });
  assert.deepEqual(pickCalibration([e(16, 2), e(64, 1.5), e(128, 3)], 'd', 48), { factor: 1.5, batch: 64 });
  assert.deepEqual(pickCalibration([e(16, 2), e(128, 3)], 'd', 200), { factor: 3, batch: 128 });
  assert.deepEqual(pickCalibration([e(32, 2), e(64, 1.5)], 'd', 48), { factor: 1.5, batch: 64 }); // |48−32| = |48−64|: later
  assert.deepEqual(pickCalibration([e(undefined, 2), e(undefined, 1.2)], 'd', 48), { factor: 1.2 });
  assert.deepEqual(pickCalibration([e(8, 2), e(undefined, 1.2)], 'd', 48), { factor: 2, batch: 8 }); // a batch beats none
  assert.equal(pickCalibration([e(48, 2)], 'other', 48), undefined);
});

test('the ledger applies the calibration measured nearest the deployment batch, whatever the file order', () => {
  const plain = energy(deployment);
  assert.equal(plain.method, 'modeled:deployment');
  for (const entries of [entry(16, 2) + entry(64, 1.5) + entry(128, 3), entry(64, 1.5) + entry(128, 3) + entry(16, 2)]) {
    const cal = energy(`${deployment}calibrations:\n${entries}`);
    assert.equal(cal.method, 'measured');
    // The factor scales energy exactly (a product of doubles: relative error within a few ulps).
    assert.ok(Math.abs(cal.wh / plain.wh - 1.5) < 1e-12, `${cal.wh / plain.wh}`);
    assert.match(cal.note ?? '', /factor 1\.5 \(measured at batch 64; deployment batch 48\)/);
  }
});
