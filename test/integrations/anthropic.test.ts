/** withFootprint with the real `@anthropic-ai/sdk` against recorded responses on 127.0.0.1. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { anthropicUsage, withFootprint } from '../../src/integrations/anthropic.js';
import { estimateCall, type CallEstimate } from '../../src/estimate/call-estimate.js';
import { ANTHROPIC_USAGE, startRecordedServer, type RecordedServer } from './recorded-server.js';

let server: RecordedServer;
let bare: Anthropic;
before(async () => {
  server = await startRecordedServer();
  bare = new Anthropic({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0 });
});
after(() => server.close());

// input_tokens 50 + cache reads 2000 (+ writes 0) = 2050 input, 2000 of them cached.
const want = () =>
  estimateCall({ provider: 'anthropic', model: 'claude-sonnet-4-5-20250929', inputTokens: 2050, cachedInputTokens: 2000, outputTokens: 420 });
const body = { model: 'claude-sonnet-4-5-20250929', max_tokens: 1024, messages: [{ role: 'user' as const, content: 'hi' }] };

test('usage mapping: cache reads and writes are input; reads are cached input', () => {
  assert.deepEqual(anthropicUsage(ANTHROPIC_USAGE), { inputTokens: 2050, cachedInputTokens: 2000, outputTokens: 420, reasoningTokens: undefined });
  assert.equal(anthropicUsage({ input_tokens: 10, cache_creation_input_tokens: 5, output_tokens: 1 })?.inputTokens, 15);
});

test('messages.create: same message, plus a footprint', async () => {
  const r = await withFootprint(bare).messages.create(body);
  assert.equal(r.content[0].type === 'text' ? r.content[0].text : '', 'Recorded reply.');
  assert.ok(r.footprint);
  assert.equal(r.footprint.model, 'claude-sonnet-4-5');
  assert.equal(r.footprint.estimatedArchitecture, true);
  assert.equal(r.footprint.perRequest.energyWh.value, want().perRequest.energyWh.value);
  assert.equal(JSON.parse(JSON.stringify(r)).footprint, undefined);
  assert.deepEqual(server.requests.at(-1)?.body, body);
});

test('streaming: usage from message_start + message_delta; footprint on the stream and the message_delta event', async () => {
  const seen: CallEstimate[] = [];
  const stream = await withFootprint(bare, { onFootprint: (f) => seen.push(f) }).messages.create({ ...body, stream: true });
  const types: string[] = [];
  let delta: { footprint?: CallEstimate } | undefined;
  for await (const ev of stream) {
    types.push(ev.type);
    if (ev.type === 'message_delta') delta = ev as typeof ev & { footprint?: CallEstimate };
  }
  assert.deepEqual(types, ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  assert.ok(stream.footprint);
  assert.equal(delta?.footprint, stream.footprint);
  assert.equal(stream.footprint.perRequest.energyWh.value, want().perRequest.energyWh.value);
  assert.equal(seen.length, 1);
});

test('missing usage: flagged, not invented', async () => {
  const s = await startRecordedServer({ omitUsage: true });
  try {
    const r = await withFootprint(new Anthropic({ apiKey: 'k', baseURL: s.url, maxRetries: 0 })).messages.create(body);
    assert.equal(r.footprint?.missingUsage, true);
    assert.equal(r.footprint?.request.inputTokens, 0);
  } finally {
    await s.close();
  }
});
