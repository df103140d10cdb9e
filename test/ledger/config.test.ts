/** The config schema (zod → committed JSON Schema, no drift), its error messages, and the warehouse factors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { configSchemaText, parseConfig } from '../../src/ledger/config.js';
import { SAMPLE_CONFIG } from '../../src/ledger/sample.js';
import { exportFactors, VALID_FROM_MIN_MS, VALID_TO_MAX_MS } from '../../src/ledger/report/warehouse-factors.js';
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

test('warehouse factors: a row per configured deployment and span of constant market factor; API rows with and without region', () => {
  const config = parseConfig(SAMPLE_CONFIG);
  const { rows, failed } = exportFactors(config, [{ provider: 'openai', model: 'gpt-4o', region: 'FR' }]);
  assert.deepEqual(failed, []);
  const fr = rows.filter((r) => r.deployment === 'llama-70b-paris');
  // The FR PPA covers 2025: before, during (70 % at 0 g/kWh, 30 % at the 60 g/kWh residual mix) and after it.
  assert.deepEqual(fr.map((r) => [r.valid_from_ms, r.valid_to_ms, r.mkt_is_location]), [
    [VALID_FROM_MIN_MS, Date.UTC(2025, 0, 1), 1],
    [Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1), 0],
    [Date.UTC(2026, 0, 1), VALID_TO_MAX_MS, 1],
  ]);
  assert.ok(Math.abs(fr[1].mkt_g_per_kwh - 18) < 1e-12);
  assert.equal(fr[0].model, '');
  assert.equal(fr[0].pue, 1.25);
  assert.ok(fr[0].gpu_j_per_output_token_ctx > 0 && fr[0].gpu_j_per_input_token_ctx > 0, 'the context terms are in the factors');
  const api = rows.filter((r) => r.provider === 'openai');
  assert.deepEqual(api.map((r) => [r.model, r.region, r.deployment, r.mkt_is_location]), [['gpt-4o', 'FR', '', 0], ['gpt-4o', '', '', 0]]);
  assert.equal(rows.filter((r) => r.deployment === 'qwen-30b-virginia').length, 3);
  const bad = exportFactors(config, [{ provider: 'nope', model: 'x' }]);
  assert.equal(bad.failed.length, 1);
  assert.match(bad.failed[0].reason, /unknown provider 'nope'/);
});
