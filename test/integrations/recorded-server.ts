/**
 * A local HTTP server that answers with recorded provider responses (shapes copied from the OpenAI, Anthropic and
 * Vercel AI Gateway wire formats), JSON or server-sent events, and keeps every request body for assertions.
 * Listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  readonly url: string;
  readonly body: Record<string, unknown>;
}

export interface RecordedServer {
  readonly url: string;
  readonly requests: Recorded[];
  close(): Promise<void>;
}

type Route = (body: Record<string, unknown>, res: ServerResponse) => void;

function json(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_recorded' });
  res.end(JSON.stringify(value));
}

function sse(res: ServerResponse, events: readonly { event?: string; data: unknown }[], done = false): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) res.write((e.event ? `event: ${e.event}\n` : '') + `data: ${JSON.stringify(e.data)}\n\n`);
  if (done) res.write('data: [DONE]\n\n');
  res.end();
}

// ------------------------------------------------------------------------------------------ OpenAI recordings

export const CHAT_USAGE = {
  prompt_tokens: 1200,
  completion_tokens: 350,
  total_tokens: 1550,
  prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};

const chatCompletion = (model: string) => ({
  id: 'chatcmpl-rec1',
  object: 'chat.completion',
  created: 1_735_000_000,
  model,
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from a recording.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage: CHAT_USAGE,
  system_fingerprint: 'fp_rec',
});

function chatStream(model: string, includeUsage: boolean): { data: unknown }[] {
  const base = { id: 'chatcmpl-rec2', object: 'chat.completion.chunk', created: 1_735_000_000, model, system_fingerprint: 'fp_rec' };
  const u = includeUsage ? { usage: null } : {};
  const chunks: { data: unknown }[] = [
    { data: { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], ...u } },
    { data: { ...base, choices: [{ index: 0, delta: { content: 'Hello' }, logprobs: null, finish_reason: null }], ...u } },
    { data: { ...base, choices: [{ index: 0, delta: { content: ' world' }, logprobs: null, finish_reason: null }], ...u } },
    { data: { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], ...u } },
  ];
  if (includeUsage) chunks.push({ data: { ...base, choices: [], usage: CHAT_USAGE } });
  return chunks;
}

export const RESPONSES_USAGE = {
  input_tokens: 800,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 900,
  output_tokens_details: { reasoning_tokens: 640 },
  total_tokens: 1700,
};

const response = (model: string) => ({
  id: 'resp_rec1',
  object: 'response',
  created_at: 1_735_000_000,
  status: 'completed',
  model,
  output: [
    { type: 'reasoning', id: 'rs_1', summary: [] },
    {
      type: 'message',
      id: 'msg_1',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Recorded answer.', annotations: [] }],
    },
  ],
  parallel_tool_calls: true,
  tool_choice: 'auto',
  tools: [],
  usage: RESPONSES_USAGE,
});

function responseStream(model: string): { event: string; data: unknown }[] {
  const r = response(model);
  const created = { ...r, status: 'in_progress', output: [], usage: null };
  return [
    { event: 'response.created', data: { type: 'response.created', sequence_number: 0, response: created } },
    {
      event: 'response.output_text.delta',
      data: { type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg_1', output_index: 1, content_index: 0, delta: 'Recorded' },
    },
    { event: 'response.completed', data: { type: 'response.completed', sequence_number: 2, response: r } },
  ];
}

// --------------------------------------------------------------------------------------- Anthropic recordings

export const ANTHROPIC_USAGE = { input_tokens: 50, cache_creation_input_tokens: 0, cache_read_input_tokens: 2000, output_tokens: 420 };

const message = (model: string) => ({
  id: 'msg_rec1',
  type: 'message',
  role: 'assistant',
  model,
  content: [{ type: 'text', text: 'Recorded reply.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: ANTHROPIC_USAGE,
});

function messageStream(model: string): { event: string; data: unknown }[] {
  const start = { ...message(model), content: [], stop_reason: null, usage: { ...ANTHROPIC_USAGE, output_tokens: 1 } };
  return [
    { event: 'message_start', data: { type: 'message_start', message: start } },
    { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
    { event: 'ping', data: { type: 'ping' } },
    { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Recorded' } } },
    { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
    {
      event: 'message_delta',
      data: { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: ANTHROPIC_USAGE.output_tokens } },
    },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ];
}

// ------------------------------------------------------------------------------ Vercel AI Gateway recordings

export const GATEWAY_USAGE = {
  inputTokens: { total: 640, noCache: 640, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 210, text: 210, reasoning: 0 },
};

const gatewayResult = {
  content: [{ type: 'text', text: 'Recorded gateway reply.' }],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: GATEWAY_USAGE,
  warnings: [],
};

const gatewayStream = [
  { data: { type: 'stream-start', warnings: [] } },
  { data: { type: 'text-start', id: 't1' } },
  { data: { type: 'text-delta', id: 't1', delta: 'Recorded' } },
  { data: { type: 'text-end', id: 't1' } },
  { data: { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: GATEWAY_USAGE } },
];

// ------------------------------------------------------------------------------------------------- server

/** `omitUsage: true` answers every call without usage (to test the "missing usage" path). */
export async function startRecordedServer(opts: { omitUsage?: boolean } = {}): Promise<RecordedServer> {
  const requests: Recorded[] = [];
  const strip = <T extends Record<string, unknown>>(x: T): T => {
    if (!opts.omitUsage) return x;
    const { usage: _u, ...rest } = x;
    return rest as T;
  };
  const routes: Record<string, Route> = {
    '/v1/chat/completions': (b, res) => {
      const model = String(b.model);
      if (b.stream) {
        const so = b.stream_options as { include_usage?: boolean } | undefined;
        sse(res, chatStream(model, so?.include_usage === true && !opts.omitUsage), true);
      } else json(res, strip(chatCompletion(model === 'gpt-4o' ? 'gpt-4o-2024-08-06' : model)));
    },
    '/v1/responses': (b, res) => {
      if (b.stream) sse(res, responseStream(String(b.model)));
      else json(res, strip(response(String(b.model))));
    },
    '/v1/messages': (b, res) => {
      if (b.stream) sse(res, messageStream(String(b.model)));
      else json(res, strip(message(String(b.model))));
    },
    '/v3/ai/language-model': (b, res) => {
      if (b.stream !== undefined || res.req.headers['ai-language-model-streaming'] === 'true') sse(res, gatewayStream);
      else json(res, gatewayResult);
    },
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        body = {};
      }
      requests.push({ url: path, body });
      const route = routes[path];
      if (route) route(body, res);
      else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no recording for ${path}` } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
