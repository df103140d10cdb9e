/**
 * A recorded OpenAI Usage API and Anthropic usage report on 127.0.0.1 (port 0): pages built from the documented
 * shapes, two pages per window (next_page), a 429 with Retry-After before the first answer, and a switch that makes
 * the second window fail (to test resuming). Keeps every request for assertions.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UsageServer {
  readonly url: string;
  readonly requests: { path: string; query: URLSearchParams; headers: IncomingMessage['headers'] }[];
  /** Windows starting at or after this (ms) answer 500 while set. */
  failFromMs: number | undefined;
  close(): Promise<void>;
}

const DAY = 86_400;

function openaiPage(startS: number, endS: number, page: string | null) {
  // Page 1 holds the window's first half of days, page 2 the rest.
  const days: number[] = [];
  for (let t = startS; t < endS; t += DAY) days.push(t);
  const half = Math.ceil(days.length / 2);
  const mine = page === null ? days.slice(0, half) : days.slice(half);
  return {
    object: 'page',
    data: mine.map((t) => ({
      object: 'bucket',
      start_time: t,
      end_time: t + DAY,
      results: [
        { object: 'organization.usage.completions.result', input_tokens: 1000, output_tokens: 200, input_cached_tokens: 400, num_model_requests: 4, project_id: 'proj_a', user_id: null, api_key_id: null, model: 'gpt-4o-mini-2024-07-18', batch: null },
      ],
    })),
    has_more: page === null && days.length > half,
    next_page: page === null && days.length > half ? `tok_${startS}` : null,
  };
}

function anthropicPage(startMs: number, endMs: number) {
  const data = [];
  for (let t = startMs; t < endMs; t += DAY * 1000) {
    data.push({
      starting_at: new Date(t).toISOString(),
      ending_at: new Date(t + DAY * 1000).toISOString(),
      results: [{ uncached_input_tokens: 1500, cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 500 }, cache_read_input_tokens: 2000, output_tokens: 300, model: 'claude-sonnet-4-5-20250929', workspace_id: 'wrkspc_1', api_key_id: null, service_tier: null, context_window: null, server_tool_use: { web_search_requests: 0 } }],
    });
  }
  return { data, has_more: false, next_page: null };
}

export async function startUsageServer(): Promise<UsageServer> {
  let limited = false;
  const s: UsageServer = { url: '', requests: [], failFromMs: undefined, close: async () => undefined };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    s.requests.push({ path: u.pathname, query: u.searchParams, headers: req.headers });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (!limited) {
      limited = true;
      return send(429, { error: { message: 'rate limited', type: 'rate_limit_error' } }, { 'retry-after': '0' });
    }
    if (u.pathname === '/v1/organization/usage/completions') {
      if (req.headers.authorization !== 'Bearer sk-admin-test') return send(401, { error: { message: 'bad key' } });
      const start = Number(u.searchParams.get('start_time'));
      const end = Number(u.searchParams.get('end_time'));
      if (s.failFromMs !== undefined && start * 1000 >= s.failFromMs) return send(500, { error: { message: 'upstream' } });
      return send(200, openaiPage(start, end, u.searchParams.get('page')));
    }
    if (u.pathname === '/v1/organizations/usage_report/messages') {
      if (req.headers['x-api-key'] !== 'sk-ant-admin-test' || req.headers['anthropic-version'] !== '2023-06-01') return send(401, { error: { message: 'bad key' } });
      return send(200, anthropicPage(Date.parse(u.searchParams.get('starting_at') ?? ''), Date.parse(u.searchParams.get('ending_at') ?? '')));
    }
    send(404, { error: { message: 'no such path' } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(s, { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) });
}
