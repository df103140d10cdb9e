import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROVIDER_IDS, findProvider, getProvider, listProviders, providerClassModel, providerEfficiency } from '../../src/catalog/providers.js';
import { getAccelerator } from '../../src/catalog/accelerators.js';
import { getOperator } from '../../src/catalog/operators.js';
import { resolveSite } from '../../src/catalog/site.js';
import { UnknownIdError } from '../../src/core/errors.js';
import { isOrdered } from '../../src/core/range.js';

test('every profile points at catalog entries that exist, and says what it assumed', () => {
  assert.deepEqual(listProviders().map((p) => p.id), [...PROVIDER_IDS]);
  for (const p of listProviders()) {
    getAccelerator(p.accelerator);
    p.operators.forEach((o) => getOperator(o));
    resolveSite({ region: p.defaultRegion });
    assert.ok(p.batch.assumed && isOrdered(p.batch.range), p.id);
    assert.match(p.acceleratorSource, /assumed/, p.id);
    assert.match(p.regionSource, /assumed/, p.id);
  }
});

test('OpenTelemetry and SDK provider names map to profiles', () => {
  const cases: [string, string][] = [
    ['gcp.vertex_ai', 'google'],
    ['gcp.gemini', 'google'],
    ['google.generative-ai', 'google'],
    ['aws.bedrock', 'aws-bedrock'],
    ['amazon-bedrock', 'aws-bedrock'],
    ['azure.ai.openai', 'azure-openai'],
    ['mistral_ai', 'mistral'],
    ['openai.chat', 'openai'],
    ['openai.responses', 'openai'],
    ['anthropic.messages', 'anthropic'],
    ['togetherai.chat', 'together'],
  ];
  for (const [name, id] of cases) assert.equal(findProvider(name)?.id, id, name);
  assert.throws(() => getProvider('opnai'), (e: unknown) => e instanceof UnknownIdError && e.suggestions.includes('openai'));
});

test('PUE/WUE come from operators.ts; Anthropic spans AWS and Google fleets', () => {
  const aws = getOperator('aws');
  const gcp = getOperator('gcp');
  const e = providerEfficiency(getProvider('anthropic'));
  assert.equal(e.pue.range.value, aws.pue.value);
  assert.equal(e.pue.range.low, Math.min(aws.pue.low, gcp.pue.low));
  assert.equal(e.wueOnsite.range.high, Math.max(aws.wueOnsiteLPerKWh.high, gcp.wueOnsiteLPerKWh.high));
  assert.equal(e.pue.assumed, true);
  assert.deepEqual(providerEfficiency(getProvider('openai')).pue.range, getOperator('azure').pue);
});

test('class default spans the provider catalogue: OpenAI from GPT-5 nano (5B) to GPT-4 (1.76T)', () => {
  const m = providerClassModel(getProvider('openai'));
  assert.equal(m.totalParams.low, 5e9);
  assert.equal(m.totalParams.high, 1760e9);
  assert.ok(m.architectureEstimated && isOrdered(m.totalParams) && isOrdered(m.activeParams));
  for (const k of ['low', 'value', 'high'] as const) assert.ok(m.activeParams[k] <= m.totalParams[k]);
});
