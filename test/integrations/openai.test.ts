/** withFootprint with the real `openai` SDK against recorded responses on 127.0.0.1. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { withFootprint } from '../../src/integrations/openai.js';
import { estimateCall, type CallEstimate } from '../../src/estimate/call-estimate.js';
import { CHAT_USAGE, RESPONSES_USAGE, startRecordedServer, type RecordedServer } from './recorded-server.js';

let server: RecordedServer;
let bare: OpenAI;
before(async () => {
  server = await startRecordedServer();
  bare = new OpenAI({ apiKey: 'test-key', baseURL: `${server.url}/v1`, maxRetries: 0 });
});
after(() => server.close());

const expected = () =>
  estimateCall({ provider: 'openai', model: 'gpt-4o-2024-08-06', inputTokens: 1200, cachedInputTokens: 1024, outputTokens: 350 });

test('chat.completions.create: same response, plus a footprint from its usage', async () => {
  const seen: CallEstimate[] = [];
  const client = withFootprint(bare, { onFootprint: (f) => seen.push(f) });
  const r = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(r.choices[0].message.content, 'Hello from a recording.');
  assert.ok(r.footprint);
  assert.equal(r.footprint.model, 'gpt-4o');
  assert.equal(r.footprint.provider, 'openai');
  assert.deepEqual(r.footprint.request, { inputTokens: 1200, cachedInputTokens: 1024, outputTokens: 350, reasoningTokens: 0 });
  assert.equal(r.footprint.perRequest.energyWh.value, expected().perRequest.energyWh.value);
  // The footprint does not leak into the caller's JSON.
  assert.equal(JSON.parse(JSON.stringify(r)).footprint, undefined);
  assert.deepEqual(JSON.parse(JSON.stringify(r)).usage, CHAT_USAGE);
  assert.equal(seen.length, 1);
  // The request body went out untouched.
  assert.deepEqual(server.requests.at(-1)?.body, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
});

test('withResponse() still works on the wrapped call', async () => {
  const client = withFootprint(bare);
  const { data, response } = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
  assert.equal(response.headers.get('x-request-id'), 'req_recorded');
  assert.ok(data.footprint && data.footprint.perRequest.energyWh.value > 0);
});

test('streaming without include_usage: usage is requested, the extra chunk hidden, the footprint set at the end', async () => {
  const client = withFootprint(bare);
  const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
  const sent = server.requests.at(-1)?.body as { stream_options?: { include_usage?: boolean } };
  assert.equal(sent.stream_options?.include_usage, true);
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  // The caller sees exactly the chunks a plain stream has: four, each with a choice, no usage key.
  assert.equal(chunks.length, 4);
  assert.ok(chunks.every((c) => c.choices.length === 1 && !('usage' in c)));
  assert.equal(chunks.map((c) => c.choices[0].delta.content ?? '').join(''), 'Hello world');
  assert.ok(stream.footprint);
  assert.equal(stream.footprint.perRequest.energyWh.value, expected().perRequest.energyWh.value);
  assert.equal(stream.footprint.missingUsage, undefined);
});

test("streaming with the caller's include_usage: the usage chunk is delivered and carries the footprint", async () => {
  const client = withFootprint(bare);
  const stream = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  assert.equal(chunks.length, 5);
  const last = chunks[4] as (typeof chunks)[number] & { footprint?: CallEstimate };
  assert.deepEqual(last.usage, CHAT_USAGE);
  assert.equal(last.footprint, stream.footprint);
});

test("streamUsage 'respect': the request is untouched and the footprint says usage is missing", async () => {
  const client = withFootprint(bare, { streamUsage: 'respect' });
  const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
  assert.equal((server.requests.at(-1)?.body as { stream_options?: unknown }).stream_options, undefined);
  let n = 0;
  for await (const _ of stream) n++;
  assert.equal(n, 4);
  assert.equal(stream.footprint?.missingUsage, true);
  assert.equal(stream.footprint?.request.outputTokens, 0);
});

test('responses.create (non-streaming and streaming): reasoning tokens are output tokens', async () => {
  const client = withFootprint(bare);
  const r = await client.responses.create({ model: 'o4-mini', input: 'hi' });
  assert.equal(r.output_text, 'Recorded answer.');
  assert.ok(r.footprint);
  assert.equal(r.footprint.model, 'o4-mini');
  // 900 output tokens of which 640 reasoning: echoed as 260 + 640, the shape of `estimate inference`.
  assert.deepEqual(r.footprint.request, { inputTokens: 800, cachedInputTokens: 0, outputTokens: 260, reasoningTokens: 640 });
  const want = estimateCall({ provider: 'openai', model: 'o4-mini', inputTokens: RESPONSES_USAGE.input_tokens, outputTokens: 900, reasoningTokens: 640 });
  assert.equal(r.footprint.perRequest.energyWh.value, want.perRequest.energyWh.value);

  const stream = await client.responses.create({ model: 'o4-mini', input: 'hi', stream: true });
  let completed: (OpenAI.Responses.Response & { footprint?: CallEstimate }) | undefined;
  for await (const ev of stream) if (ev.type === 'response.completed') completed = ev.response;
  assert.ok(completed?.footprint);
  assert.equal(stream.footprint, completed.footprint);
  assert.equal(stream.footprint?.perRequest.energyWh.value, want.perRequest.energyWh.value);
});

test('missing usage in a response: footprint flagged, request unharmed; unknown model: class default, flagged', async () => {
  const noUsage = await startRecordedServer({ omitUsage: true });
  try {
    const client = withFootprint(new OpenAI({ apiKey: 'k', baseURL: `${noUsage.url}/v1`, maxRetries: 0 }));
    const r = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(r.choices[0].message.content, 'Hello from a recording.');
    assert.equal(r.footprint?.missingUsage, true);
    assert.equal(r.footprint?.perRequest.energyWh.value, 0);
  } finally {
    await noUsage.close();
  }
  const r2 = await withFootprint(bare).chat.completions.create({ model: 'my-finetune-xyz', messages: [{ role: 'user', content: 'hi' }] });
  assert.match(r2.footprint?.fallback ?? '', /class default/);
  assert.equal(r2.footprint?.estimatedArchitecture, true);
});

test('the wrapped client is still the client: other resources and the original are untouched', async () => {
  const client = withFootprint(bare, { provider: 'azure-openai', region: 'swedencentral' });
  assert.equal(client.baseURL, bare.baseURL);
  const plain = await bare.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal((plain as { footprint?: unknown }).footprint, undefined);
  const r = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(r.footprint?.provider, 'azure-openai');
  assert.ok(r.footprint?.trace.some((f) => f.name === 'pue' && f.value === 1.172));
});

test('a stream that fails mid-way: the SDK error reaches the caller unchanged, the footprint is flagged missing usage', async () => {
  const { createServer } = await import('node:http');
  const srv = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }] };
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      // The server dies before the usage chunk.
      setTimeout(() => res.destroy(), 10);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  try {
    const seen: CallEstimate[] = [];
    const client = withFootprint(new OpenAI({ apiKey: 'k', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 }), { onFootprint: (f) => seen.push(f) });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const got: string[] = [];
    await assert.rejects(async () => {
      for await (const c of stream) got.push(c.choices[0]?.delta.content ?? '');
    });
    assert.deepEqual(got, ['Hel']);
    assert.equal(seen.length, 1);
    assert.equal(stream.footprint?.missingUsage, true);
    assert.equal(stream.footprint?.perRequest.energyWh.value, 0);
  } finally {
    await new Promise<void>((r) => srv.close(() => r()));
  }
});

test('breaking out of a stream early still sets the footprint once', async () => {
  const seen: CallEstimate[] = [];
  const client = withFootprint(bare, { onFootprint: (f) => seen.push(f) });
  const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
  for await (const _ of stream) break;
  assert.equal(seen.length, 1);
  assert.ok(stream.footprint);
});

test('an onError or onFootprint that throws never reaches the caller', async () => {
  const client = withFootprint(bare, {
    onFootprint: () => {
      throw new Error('callback bug');
    },
    onError: () => {
      throw new Error('handler bug');
    },
  });
  const r = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(r.choices[0].message.content, 'Hello from a recording.');
  assert.ok(r.footprint);
});
