/**
 * The agreement grid of issue 16, as a test: every EcoLogits 0.9.3 name of openai, anthropic, mistralai, google_genai
 * and cohere × output tokens {1, 50, 500, 4000} × latency given / not × zone {default, FR, US, DE}. The target is
 * ≥ 99 % within 0.1 %; with EcoLogits' own data and method every case should agree to floating-point order (1e-9).
 * Catalog coverage: the tokenprint method knows ≥ 95 % of those names for the four providers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ecologitsAgreementGrid } from '../../scripts/lib/ecologits-grid.js';

const grid = ecologitsAgreementGrid();

test('agreement grid: ≥ 99 % of cases within 0.1 % on every quantity and bound (measured: all within 1e-9)', () => {
  assert.ok(grid.models >= 190 && grid.cases === grid.models * 32, `${grid.models} models, ${grid.cases} cases`);
  assert.ok(grid.within01Pct / grid.cases >= 0.99, `${grid.within01Pct} / ${grid.cases}: ${grid.outside.join('; ')}`);
  assert.equal(grid.within1e9, grid.cases, grid.outside.join('; '));
});

test('tokenprint catalog: ≥ 95 % of EcoLogits names for openai, anthropic, mistralai, google_genai', () => {
  const { known, names, missing } = grid.coverage;
  assert.ok(names >= 179, `${names}`);
  assert.ok(known / names >= 0.95, `${known}/${names}; missing: ${missing.join(', ')}`);
});
