/**
 * `estimate inference|call|training` parse their flags through the use cases' zod request schemas (the HTTP API's
 * definition, src/estimate/*-request.ts): the schema's verdicts reach the user in the CLI's words, naming the flag
 * typed, never the schema's field, with the usage exit code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';

const inf = ['estimate', 'inference', '--model', 'llama-3.1-8b-instruct', '--hardware', 'h100-sxm'];
const call = ['estimate', 'call', '--provider', 'openai', '--model', 'gpt-4o', '--input-tokens', '100', '--output-tokens', '10'];
const train = ['estimate', 'training', '--hardware', 'h100-sxm'];

const cases: [string, string[], RegExp][] = [
  ['a fractional count', [...inf, '--gpus', '1.5'], /--gpus: must be a whole number, got '1\.5'/],
  ['a negative token count', [...inf, '--input-tokens', '-1'], /--input-tokens: must be zero or more, got '-1'/],
  ['a fractional token count', [...inf, '--reasoning-tokens', '2.5'], /--reasoning-tokens: must be a whole number, got '2\.5'/],
  ['an unknown precision', [...inf, '--precision', 'fp3'], /--precision: 'fp3' is not one of .*bf16/],
  ['a zero batch (a union of a number and a range)', [...inf, '--batch', '0'], /--batch: must be greater than zero, got '0'/],
  ['a call boundary', [...call, '--boundary', 'rack'], /--boundary: 'rack' is not one of gpu, server, facility/],
  ['a call method', [...call, '--method', 'guess'], /--method: 'guess' is not one of tokenprint, ecologits/],
  ['a negative latency', [...call, '--latency-ms', '-3'], /--latency-ms: must be zero or more, got '-3'/],
  ['a cached token count', [...call, '--cached-input-tokens', '1.5'], /--cached-input-tokens: must be a whole number/],
  ['training accelerators', [...train, '--accelerator-hours', '100', '--accelerators', '0'], /--accelerators: must be greater than zero, got '0'/],
  ['a training power scope', [...train, '--accelerator-hours', '100', '--power-scope', 'rack'], /--power-scope: 'rack' is not one of accelerator, system/],
];

for (const [what, argv, message] of cases) {
  test(`the schema refuses ${what}, naming the flag`, async () => {
    const r = await runCli(argv);
    assert.equal(r.code, EXIT.usage, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /inputTokens|cachedInputTokens|reasoningTokens|latencyMs|powerScope|deployment\.|request\./);
  });
}

test('choices are read in any case and numbers with suffixes, as before the schemas', async () => {
  const r = await runCli([...inf, '--boundary', 'GPU', '--input-tokens', '1.5k', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const est = JSON.parse(r.stdout) as { boundary: string; request: { inputTokens: number } };
  assert.equal(est.boundary, 'gpu');
  assert.equal(est.request.inputTokens, 1500);
});
