/**
 * Request shapes as zod schemas next to their use cases (estimate call, inference, training; ledger report): they
 * accept the README's requests, refuse malformed ones, feed the use case unchanged, and give the JSON Schema the
 * HTTP API's OpenAPI document will carry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { CallRequestSchema, callArguments } from '../../src/estimate/call-request.js';
import { InferenceEstimateRequestSchema } from '../../src/estimate/inference-request.js';
import { TrainingRequestSchema } from '../../src/estimate/training-request.js';
import { ReportRequestSchema } from '../../src/ledger/report/report-request.js';
import { estimateCall } from '../../src/estimate/call-estimate.js';
import { estimateDeploymentRequest, resolveInferenceDeployment } from '../../src/estimate/inference-deployment.js';
import { estimateTraining, resolveTrainingInput } from '../../src/estimate/training-deployment.js';

test('call request: the README call parses and estimates exactly as the library call does', () => {
  const raw = { provider: 'openai', model: 'gpt-4o', inputTokens: 1200, cachedInputTokens: 1024, outputTokens: 350 };
  const { input, options } = callArguments(CallRequestSchema.parse(raw));
  assert.deepEqual(estimateCall(input, options).perRequest, estimateCall(raw).perRequest);
  const lenient = callArguments(CallRequestSchema.parse({ ...raw, mode: 'lenient', boundary: 'gpu' }));
  assert.deepEqual(lenient.options, { boundary: 'gpu', mode: 'lenient' });
});

test('call request: refuses negative or fractional tokens, unknown methods and unknown fields, naming the path', () => {
  const bad = (x: unknown) => {
    const r = CallRequestSchema.safeParse(x);
    assert.equal(r.success, false);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };
  const ok = { provider: 'openai', model: 'gpt-4o', inputTokens: 1, outputTokens: 1 };
  assert.deepEqual(bad({ ...ok, inputTokens: -1 }), ['inputTokens']);
  assert.deepEqual(bad({ ...ok, outputTokens: 1.5 }), ['outputTokens']);
  assert.deepEqual(bad({ ...ok, method: 'guess' }), ['method']);
  assert.deepEqual(bad({ ...ok, inputToken: 3 }), ['']); // unrecognised key, reported at the object
  assert.deepEqual(bad({ model: 'gpt-4o', inputTokens: 1, outputTokens: 1 }), ['provider']);
});

test('inference request: the README deployment parses and estimates as the CLI path does', () => {
  const req = InferenceEstimateRequestSchema.parse({
    deployment: { model: 'llama-3.1-70b-instruct', hardware: 'h100-sxm', region: 'gcp:europe-west4' },
    request: { inputTokens: 2000, outputTokens: 400 },
  });
  const { deployment } = resolveInferenceDeployment(req.deployment);
  const e = estimateDeploymentRequest(deployment, req.request);
  assert.ok(e.perRequest.energyWh.value > 0);
  assert.equal(InferenceEstimateRequestSchema.safeParse({ deployment: { model: 'x', hardware: 'y', precision: 'fp7' }, request: { inputTokens: 1, outputTokens: 1 } }).success, false);
});

test('training request: the README 6·N·D run parses and resolves', () => {
  const req = TrainingRequestSchema.parse({ params: 405e9, tokens: 15.6e12, hardware: 'h100-sxm', accelerators: 16384, region: 'US-MIDA-PJM' });
  const est = estimateTraining(resolveTrainingInput(req).input);
  assert.ok(est.energyMWh.value > 0);
  assert.equal(TrainingRequestSchema.safeParse({ hardware: 'h100-sxm', params: -1 }).success, false);
});

test('report request: dimensions and dates are checked', () => {
  assert.deepEqual(ReportRequestSchema.parse({ by: ['team', 'model'], from: '2025-06' }), { by: ['team', 'model'], from: '2025-06' });
  assert.equal(ReportRequestSchema.safeParse({ by: ['colour'] }).success, false);
  assert.equal(ReportRequestSchema.safeParse({ from: 'June' }).success, false);
});

test('each request schema yields a JSON Schema with its required fields (for the OpenAPI document)', () => {
  const required = (s: z.ZodType) => (z.toJSONSchema(s, { io: 'input' }) as { required?: string[] }).required ?? [];
  assert.deepEqual(required(CallRequestSchema).sort(), ['inputTokens', 'model', 'outputTokens', 'provider']);
  assert.deepEqual(required(TrainingRequestSchema), ['hardware']);
  assert.deepEqual(required(InferenceEstimateRequestSchema).sort(), ['deployment', 'request']);
  assert.deepEqual(required(ReportRequestSchema), []);
});
