/**
 * An aggregate (bucket) is estimated at its mean request with a widened range: buckets built from the sample month's
 * known per-request rows must hold the sum of their per-request footprints inside that range, with the request count
 * known (OpenAI's Usage API) and unknown (Anthropic's usage report).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/ledger/config.js';
import { SAMPLE_CONFIG, generateSample } from '../../src/ledger/sample.js';
import { LedgerEstimator, emptyFootprint } from '../../src/ledger/ingest/estimator.js';
import { estimateAggregate, AGGREGATE_METHOD } from '../../src/ledger/ingest/aggregate-footprint.js';
import { normalizeObject } from '../../src/sources/usage/normalize.js';
import { aggregateKey, type UsageAggregate } from '../../src/sources/usage/aggregate.js';
import type { UsageEvent } from '../../src/sources/usage/event.js';

const config = parseConfig(SAMPLE_CONFIG, 'tokenprint.yaml');

function sampleBuckets(): { agg: UsageAggregate; events: UsageEvent[] }[] {
  const events: UsageEvent[] = [];
  generateSample(
    (l) => {
      try {
        events.push(normalizeObject(JSON.parse(l) as Record<string, unknown>));
      } catch {
        /* the sample's malformed records */
      }
    },
    { events: 6000, seed: 3, badShare: 0, duplicateShare: 0 },
  );
  const DAY = 86_400_000;
  const by = new Map<string, UsageEvent[]>();
  for (const e of events) {
    if (e.provider === 'self-hosted') continue;
    const k = `${Math.floor(e.timestampMs / DAY)}|${e.provider}|${e.model}`;
    let l = by.get(k);
    if (!l) by.set(k, (l = []));
    l.push(e);
  }
  return [...by.entries()].map(([k, es]) => {
    const day = Number(k.split('|')[0]) * DAY;
    const sum = (f: (e: UsageEvent) => number) => es.reduce((s, e) => s + f(e), 0);
    return {
      events: es,
      agg: {
        key: aggregateKey('test', day, day + DAY, {}, es[0].model),
        startMs: day,
        endMs: day + DAY,
        provider: es[0].provider,
        model: es[0].model,
        requests: es.length,
        inputTokens: sum((e) => e.inputTokens),
        cachedInputTokens: sum((e) => e.cachedInputTokens),
        outputTokens: sum((e) => e.outputTokens),
        reasoningTokens: sum((e) => e.reasoningTokens),
        groups: {},
      },
    };
  });
}

test('a bucket of known requests holds the sum of their per-request footprints within its range', () => {
  const est = new LedgerEstimator(config, new Map());
  const fp = emptyFootprint();
  const buckets = sampleBuckets();
  assert.ok(buckets.length > 50, `${buckets.length} buckets`);
  let worst = 0;
  for (const { agg, events } of buckets) {
    let truth = 0;
    let truthCarbon = 0;
    for (const e of events) {
      assert.equal(est.estimate(e, fp), undefined);
      truth += fp.energyWh;
      truthCarbon += fp.locG;
    }
    for (const requests of [agg.requests, undefined]) {
      const r = estimateAggregate(est, { ...agg, requests });
      assert.ok(typeof r !== 'string', String(r));
      assert.equal(r.method, AGGREGATE_METHOD);
      assert.ok(r.energyWh.low <= truth && truth <= r.energyWh.high, `${agg.model} n=${requests ?? '?'}: ${truth} in [${r.energyWh.low}, ${r.energyWh.high}]`);
      assert.ok(r.carbonLocG.low <= truthCarbon && truthCarbon <= r.carbonLocG.high, `${agg.model}: carbon`);
      if (requests !== undefined) worst = Math.max(worst, Math.abs(r.energyWh.value / truth - 1));
      else assert.equal(r.requestsKnown, false);
    }
  }
  // The mean-request value itself is close when the count is known (the API estimator is near linear in tokens).
  assert.ok(worst < 0.25, `worst relative error of the mean-request value: ${worst}`);
});

test('an unknown request count widens the range; a bucket with tokens but no requests, or of an unknown provider, is refused', () => {
  const est = new LedgerEstimator(config, new Map());
  const { agg } = sampleBuckets()[0];
  const known = estimateAggregate(est, agg);
  const unknown = estimateAggregate(est, { ...agg, requests: undefined });
  assert.ok(typeof known !== 'string' && typeof unknown !== 'string');
  assert.ok(unknown.energyWh.high - unknown.energyWh.low >= known.energyWh.high - known.energyWh.low);
  assert.match(unknown.notes[0], /request count unknown/);
  assert.match(String(estimateAggregate(est, { ...agg, provider: 'no-such-provider' })), /unknown provider/);
  assert.match(String(estimateAggregate(est, { ...agg, requests: 0 })), /0 requests/);
});
