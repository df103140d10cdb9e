/**
 * The `ecologits` method against reference cases built from EcoLogits 0.9.3's raw data files and its documented
 * method by an independent implementation (scripts/gen-ecologits-cases.ts, scripts/lib/ecologits-reference.ts):
 * every quantity EcoLogits reports (energy; GWP, ADPe, PE usage / embodied / total; water), min and max, held to a
 * relative 1e-9 — the two computations differ only in floating-point order (a few ulps), so anything larger is a
 * difference of method or data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { estimateCall } from '../../src/estimate/call-estimate.js';
import { ECOLOGITS_VERSION, EcologitsNotRegisteredError, type EcologitsOutput } from '../../src/core/ecologits.js';
import { ECOLOGITS_DATA_VERSION, ECOLOGITS_METHOD } from '../../src/catalog/ecologits-config.js';
import { UnknownIdError } from '../../src/core/errors.js';
import type { ReferenceCase } from '../../scripts/lib/ecologits-reference.js';

type Case = ReferenceCase;
const fixture = JSON.parse(readFileSync(new URL('../fixtures/ecologits-0.9.3-cases.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** EcoLogits provider → the tokenprint provider id a user passes (huggingface_hub: EcoLogits' own name). */
const TOKENPRINT_ID: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  mistralai: 'mistral',
  google_genai: 'google',
  cohere: 'cohere',
  huggingface_hub: 'huggingface_hub',
};

const REL = 1e-9;
function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= REL * Math.abs(expected) + 1e-300;
}

function run(c: Case) {
  return estimateCall(
    {
      provider: TOKENPRINT_ID[c.provider],
      model: c.model,
      inputTokens: 1000,
      outputTokens: c.outputTokens,
      ...(c.latencyS !== null ? { latencyMs: c.latencyS * 1000 } : {}),
      ...(c.zone !== null ? { region: c.zone } : {}),
    },
    { method: 'ecologits' },
  );
}

test('the data module and the formulas are the same EcoLogits release', () => {
  assert.equal(ECOLOGITS_DATA_VERSION, ECOLOGITS_VERSION);
  assert.equal(ECOLOGITS_METHOD, 'ecologits@0.9.3');
});

test('fixture: ≥ 200 cases over all six EcoLogits providers, latency given and not, several zones', () => {
  const cases = fixture.cases;
  assert.ok(cases.length >= 200, `${cases.length}`);
  assert.equal(new Set(cases.map((c) => c.provider)).size, 6);
  assert.ok(cases.some((c) => c.latencyS === null) && cases.some((c) => c.latencyS === 0) && cases.some((c) => (c.latencyS ?? 0) > 0));
  assert.ok(new Set(cases.map((c) => c.zone)).size >= 20);
  assert.ok(cases.some((c) => c.zone === 'WOR'));
});

test('every reference case: all quantities, min and max, to 1e-9', () => {
  const bad: string[] = [];
  let compared = 0;
  for (const c of fixture.cases) {
    if (typeof c.expected === 'string') continue;
    const e = run(c);
    const got = e.ecologits as EcologitsOutput | undefined;
    assert.ok(got, `${c.provider}/${c.model}: no ecologits block`);
    for (const [field, want] of Object.entries(c.expected)) {
      const have = got[field as keyof EcologitsOutput];
      assert.ok(typeof have === 'object', `${field} missing`);
      compared += 2;
      if (!close(have.min, want.min) || !close(have.max, want.max)) {
        bad.push(`${c.provider}/${c.model} out=${c.outputTokens} lat=${c.latencyS} zone=${c.zone} ${field}: ${have.min}–${have.max} vs ${want.min}–${want.max}`);
      }
    }
    // The tokenprint-shaped numbers are the same figures in Wh, g and mL.
    assert.ok(close(e.perRequest.energyWh.low, got.energyKWh.min * 1000) && close(e.perRequest.energyWh.high, got.energyKWh.max * 1000));
    assert.ok(close(e.perRequest.carbonG.location.high, got.gwpUsageKg.max * 1000));
    assert.ok(close(e.perRequest.embodiedCarbonG.low, got.gwpEmbodiedKg.min * 1000));
    assert.ok(close(e.perRequest.waterMl.high, got.wcfL.max * 1000));
  }
  assert.deepEqual(bad.slice(0, 10), []);
  assert.ok(compared >= 200 * 22, `${compared}`);
});

test('what EcoLogits reports as an error is an error here: model or zone not registered', () => {
  for (const c of fixture.cases.filter((x) => typeof x.expected === 'string')) {
    assert.throws(() => run(c), (e: unknown) => e instanceof EcologitsNotRegisteredError && e instanceof UnknownIdError, `${c.model} ${c.zone}`);
  }
  // Lenient mode does not guess a model either (EcoLogits computes nothing for it).
  assert.throws(
    () => estimateCall({ provider: 'openai', model: 'gpt-9-ultra', inputTokens: 1, outputTokens: 1 }, { method: 'ecologits', mode: 'lenient' }),
    (e: unknown) => e instanceof EcologitsNotRegisteredError && /not registered in EcoLogits 0\.9\.3/.test(e.message),
  );
  // A zone is flagged and replaced by the provider's location in lenient mode only.
  const l = estimateCall({ provider: 'openai', model: 'gpt-4o', inputTokens: 1, outputTokens: 10, region: 'SG' }, { method: 'ecologits', mode: 'lenient' });
  assert.equal(l.ecologits?.zone, 'USA');
  assert.match(l.fallback ?? '', /no electricity mix for 'SG'/);
});

test('the zone changes the mix only: --region US equals the default for openai; FR/DE/WOR/alpha-2/cloud regions map to EcoLogits zones', () => {
  const call = { provider: 'openai', model: 'gpt-4o', inputTokens: 10, outputTokens: 500 };
  const def = estimateCall(call, { method: 'ecologits' });
  const us = estimateCall({ ...call, region: 'US' }, { method: 'ecologits' });
  assert.deepEqual(us.ecologits, def.ecologits);
  const fr = estimateCall({ ...call, region: 'FR' }, { method: 'ecologits' });
  assert.deepEqual(fr.ecologits?.energyKWh, def.ecologits?.energyKWh); // PUE unchanged
  assert.ok(close(fr.ecologits?.gwpUsageKg.min ?? 0, (def.ecologits?.energyKWh.min ?? 0) * 0.04418)); // FRA gwp 0.04418
  for (const [region, zone] of [['WOR', 'WOR'], ['world', 'WOR'], ['DE', 'DEU'], ['deu', 'DEU'], ['US-CAL-CISO', 'USA'], ['azure:swedencentral', 'SWE'], ['GB', 'GBR']] as const) {
    assert.equal(estimateCall({ ...call, region }, { method: 'ecologits' }).ecologits?.zone, zone, region);
  }
});

test('--latency-ms 0 is a measurement of 0 s: no server or embodied share, GPU energy only', () => {
  const call = { provider: 'openai', model: 'gpt-4o', inputTokens: 10, outputTokens: 500 };
  const zero = estimateCall({ ...call, latencyMs: 0 }, { method: 'ecologits' });
  assert.equal(zero.ecologits?.latencyS.max, 0);
  assert.equal(zero.ecologits?.gwpEmbodiedKg.max, 0);
  const none = estimateCall(call, { method: 'ecologits' });
  assert.ok((none.ecologits?.latencyS.min ?? 0) > 13);
  assert.throws(() => estimateCall({ ...call, latencyMs: -5 }, { method: 'ecologits' }), /latencyMs/);
});
