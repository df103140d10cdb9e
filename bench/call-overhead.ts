/**
 * Per-call overhead of the SDK wrappers: the same `chat.completions.create` (and a streamed one) against the same
 * local recorded-response server, bare client vs `withFootprint(client)`, interleaved in blocks so machine noise
 * hits both alike; medians of block means. Also the hot path alone (a prepared call estimator), calls per second.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { withFootprint } from '../src/integrations/openai.js';
import { prepareCallEstimator } from '../src/estimate/call-estimate.js';

const USAGE = { prompt_tokens: 1200, completion_tokens: 350, total_tokens: 1550, prompt_tokens_details: { cached_tokens: 1024 } };
const COMPLETION = JSON.stringify({
  id: 'chatcmpl-b',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok', refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage: USAGE,
});
const chunk = (extra: object) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-2024-08-06', ...extra })}\n\n`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeBlock(n: number, call: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await call();
  return ((performance.now() - t0) * 1000) / n; // µs per call
}

export async function benchCallOverhead(blocks = 12, perBlock = 200): Promise<string> {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as { stream?: boolean; stream_options?: { include_usage?: boolean } };
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(COMPLETION);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const u = body.stream_options?.include_usage ? { usage: null } : {};
      res.write(chunk({ choices: [{ index: 0, delta: { content: 'o' }, finish_reason: null }], ...u }));
      res.write(chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], ...u }));
      if (body.stream_options?.include_usage) res.write(chunk({ choices: [], usage: USAGE }));
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    const bare = new OpenAI({ apiKey: 'k', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
    const wrapped = withFootprint(bare);
    const msg = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'hi' }] };
    const plainCall = (c: typeof bare) => () => c.chat.completions.create(msg);
    const streamCall = (c: typeof bare) => async () => {
      const s = await c.chat.completions.create({ ...msg, stream: true, stream_options: { include_usage: true } });
      for await (const _ of s) void _;
    };
    // Warm-up (connections, JIT, the memoised estimator).
    await timeBlock(50, plainCall(bare));
    await timeBlock(50, plainCall(wrapped));
    await timeBlock(20, streamCall(wrapped));
    const rows: string[] = [];
    for (const [label, mk, n] of [
      ['chat.completions.create', plainCall, perBlock],
      ['chat.completions.create (stream)', streamCall, Math.ceil(perBlock / 2)],
    ] as const) {
      const b: number[] = [];
      const w: number[] = [];
      // ABBA order: a drift over time (GC, CPU frequency, socket reuse) lands on both sides alike.
      for (let i = 0; i < blocks; i++) {
        if (i % 2 === 0) {
          b.push(await timeBlock(n, mk(bare)));
          w.push(await timeBlock(n, mk(wrapped)));
        } else {
          w.push(await timeBlock(n, mk(wrapped)));
          b.push(await timeBlock(n, mk(bare)));
        }
      }
      const mb = median(b);
      const mw = median(w);
      rows.push(
        `${label.padEnd(34)} bare ${mb.toFixed(0).padStart(6)} µs/call   wrapped ${mw.toFixed(0).padStart(6)} µs/call   ` +
          `overhead ${(mw - mb).toFixed(1).padStart(6)} µs (${(((mw - mb) / mb) * 100).toFixed(1)} %)`,
      );
    }
    // The wrapper alone, without the network: a client whose create() resolves at once.
    const fake = {
      baseURL: 'https://api.openai.com/v1',
      chat: { completions: { create: (_b: unknown) => Promise.resolve(JSON.parse(COMPLETION) as object) } },
    };
    const fakeWrapped = withFootprint(fake);
    const m = 20_000;
    const fb: number[] = [];
    const fw: number[] = [];
    for (let i = 0; i < blocks; i++) {
      fb.push(await timeBlock(m, () => fake.chat.completions.create(msg)));
      fw.push(await timeBlock(m, () => fakeWrapped.chat.completions.create(msg as never)));
    }
    rows.push(
      `in-process client (no network)     bare ${median(fb).toFixed(2)} µs/call   wrapped ${median(fw).toFixed(2)} µs/call   ` +
        `overhead ${(median(fw) - median(fb)).toFixed(2)} µs`,
    );
    // The estimator alone: what each wrapped call adds besides property definition.
    const est = prepareCallEstimator({ provider: 'openai', model: 'gpt-4o' }, { mode: 'lenient' });
    const n = 200_000;
    let sink = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sink += est({ inputTokens: 1000 + (i & 1023), outputTokens: 300, cachedInputTokens: 512 }).perRequest.energyWh.value;
    const dt = performance.now() - t0;
    rows.push(
      `prepared estimator (hot path)      ${((dt * 1000) / n).toFixed(2)} µs/call, ${((n / dt) * 1000).toFixed(0)} calls/s` +
        (sink > 0 ? '' : ' (!)'),
    );
    return rows.join('\n');
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write((await benchCallOverhead()) + '\n');
}
