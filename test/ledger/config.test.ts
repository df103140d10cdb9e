/** The config schema (zod → committed JSON Schema, no drift), its error messages, and the warehouse factors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { configSchemaText, parseConfig } from '../../src/ledger/config.js';
import { SAMPLE_CONFIG } from '../../src/ledger/sample.js';
import { exportFactors } from '../../src/ledger/report/warehouse-factors.js';
import { LedgerEstimator, emptyFootprint } from '../../src/ledger/ingest/estimator.js';
import { MarketFactors } from '../../src/ledger/ingest/market.js';
import { InvalidInputError } from '../../src/core/errors.js';

test('schemas/tokenprint.schema.json is generated from the zod schema (rerun scripts/gen-config-schema.ts)', () => {
  assert.equal(readFileSync('schemas/tokenprint.schema.json', 'utf8'), configSchemaText());
});

test('the shipped examples/tokenprint.yaml and the sample config validate', () => {
  const c = parseConfig(readFileSync('examples/tokenprint.yaml', 'utf8'));
  assert.equal(c.deployments.length, 2);
  assert.deepEqual(parseConfig(SAMPLE_CONFIG), c);
});

test('config errors name the field path and point at the docs', () => {
  const bad = (text: string, re: RegExp) => assert.throws(() => parseConfig(text, 'x.yaml'), (e: unknown) => e instanceof InvalidInputError && re.test(e.message));
  bad('deployments:\n  - name: a\n    model: m\n    accelerator: h100-sxm\n    region: FR\n    pue: 0.8\n', /x\.yaml: deployments\.0\.pue.*docs\/config\.md/);
  bad('colour: blue\n', /colour/);
  bad('instruments:\n  - { zone: FR, from: 2025-01, to: 2025-12, kind: ppa, coverage: 2 }\n', /instruments\.0\.coverage/);
  bad('deployments: [{name: a, model: m, accelerator: x, region: FR}, {name: a, model: m, accelerator: x, region: FR}]\n', /used twice/);
  bad('a: [', /not valid YAML/);
});

test('market-based factor: covered share at the instrument factor, the rest at the residual mix', () => {
  const m = new MarketFactors(parseConfig(SAMPLE_CONFIG).instruments);
  // FR: 70% PPA at 0 g/kWh, 30% at the 60 g/kWh residual mix → 18 g/kWh.
  assert.ok(Math.abs(m.at('FR', Date.parse('2025-06-15T00:00:00Z'), 30)!.gPerKWh - 18) < 1e-12); // float rounding of 0.3 only
  assert.equal(m.at('FR', Date.parse('2026-01-01T00:00:00Z'), 30), undefined);
  const noResidual = new MarketFactors([{ zone: 'DE', from: '2025-01', to: '2025-01', kind: 'certificates', coverage: 0.5, factorGPerKWh: 0 }]);
  const f = noResidual.at('DE', Date.parse('2025-01-31T23:00:00Z'), 400)!;
  assert.equal(f.gPerKWh, 200);
  assert.match(f.note ?? '', /no residual mix/);
});

test('warehouse factors reproduce the ledger at the reference request shape', () => {
  const config = parseConfig(SAMPLE_CONFIG);
  const keys = [{ provider: 'openai', model: 'gpt-4o' }, { provider: 'self-hosted', model: 'llama-3.1-70b-instruct', deployment: 'llama-70b-paris' }];
  const at = Date.parse('2025-06-10T12:00:00Z');
  const { rows, failed } = exportFactors(config, keys, { inputTokens: 1000, outputTokens: 500 }, at);
  assert.deepEqual(failed, []);
  const est = new LedgerEstimator(config, new Map());
  const fp = emptyFootprint();
  for (const [i, k] of keys.entries()) {
    est.estimate({ timestampMs: at, ...k, inputTokens: 1000, cachedInputTokens: 0, outputTokens: 500, reasoningTokens: 0 }, fp);
    const f = rows[i];
    const wh = (1000 * f.j_per_input_token + 500 * f.j_per_output_token) / 3600;
    assert.ok(Math.abs(wh - fp.energyWh) <= 1e-9 * fp.energyWh, `${k.model}: ${wh} vs ${fp.energyWh}`);
    assert.ok(Math.abs((f.mkt_g_per_kwh * wh) / 1000 - fp.mktG) <= 1e-9 * fp.mktG);
  }
});
