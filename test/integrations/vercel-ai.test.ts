/**
 * The middleware with the real `ai` package: `wrapLanguageModel` around the AI SDK's own Vercel AI Gateway provider
 * (`createGateway`), pointed at recorded gateway responses on 127.0.0.1.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createGateway, generateText, streamText, wrapLanguageModel } from 'ai';
import { aiSdkUsage, footprintMiddleware, providerOf, type FootprintSummary } from '../../src/integrations/vercel-ai.js';
import { estimateCall } from '../../src/estimate/call-estimate.js';
import { GATEWAY_USAGE, startRecordedServer, type RecordedServer } from './recorded-server.js';

let server: RecordedServer;
before(async () => {
  server = await startRecordedServer();
});
after(() => server.close());

const want = () => estimateCall({ provider: 'anthropic', model: 'claude-sonnet-4-5', inputTokens: 640, outputTokens: 210 });

function model() {
  const gateway = createGateway({ apiKey: 'test-key', baseURL: `${server.url}/v3/ai` });
  return wrapLanguageModel({ model: gateway('anthropic/claude-sonnet-4-5'), middleware: footprintMiddleware() });
}

test('usage mapping reads the nested AI SDK usage', () => {
  assert.deepEqual(aiSdkUsage(GATEWAY_USAGE), { inputTokens: 640, cachedInputTokens: 0, outputTokens: 210, reasoningTokens: 0 });
});

test('generateText: providerMetadata.tokenprint carries the footprint (provider from the gateway model id)', async () => {
  const r = await generateText({ model: model(), prompt: 'hi' });
  assert.equal(r.text, 'Recorded gateway reply.');
  const fp = r.providerMetadata?.tokenprint as unknown as FootprintSummary;
  assert.equal(fp.provider, 'anthropic');
  assert.equal(fp.model, 'claude-sonnet-4-5');
  assert.equal(fp.method, 'modeled:provider');
  assert.equal(fp.estimatedArchitecture, true);
  assert.equal(fp.energyWh.value, want().perRequest.energyWh.value);
  assert.equal(fp.inputTokens, 640);
  assert.ok(fp.energyWh.low < fp.energyWh.value && fp.energyWh.value < fp.energyWh.high);
});

test('streamText: the finish part carries the footprint', async () => {
  const r = streamText({ model: model(), prompt: 'hi' });
  let text = '';
  for await (const t of r.textStream) text += t;
  assert.equal(text, 'Recorded');
  const meta = await r.providerMetadata;
  const fp = meta?.tokenprint as unknown as FootprintSummary;
  assert.equal(fp.energyWh.value, want().perRequest.energyWh.value);
  assert.equal(fp.missingUsage, false);
});

test('providerOf tolerates a model without provider or id (the middleware must not break the call)', () => {
  assert.equal(providerOf({} as Parameters<typeof providerOf>[0]), 'unknown');
  assert.equal(providerOf({ provider: 'gateway', modelId: 'openai/gpt-4o' } as Parameters<typeof providerOf>[0]), 'openai');
});
