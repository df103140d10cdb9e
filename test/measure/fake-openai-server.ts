/**
 * A streaming OpenAI-compatible stand-in on 127.0.0.1 with deterministic token timing (one content chunk every
 * `tokenMs`, `max_tokens` of them, then a usage chunk and [DONE]), and a DCGM-style /metrics page whose energy
 * counter grows by exactly `jPerToken` for every token the server emits, split over two GPUs. So the true energy
 * per output token is `jPerToken` whatever the timing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeServer {
  readonly base: string;
  readonly metricsUrl: string;
  readonly server: Server;
  tokensEmitted(): number;
  close(): Promise<void>;
}

/** How the server answers its k-th chat request (0-based): stream tokens, stream nothing, or HTTP 500. */
export type Behaviour = 'ok' | 'empty' | 'fail';

export async function startFakeServer(o: {
  tokenMs: number;
  jPerToken: number;
  promptTokens?: number;
  usage?: boolean;
  behave?: (k: number) => Behaviour;
}): Promise<FakeServer> {
  let tokens = 0;
  let requests = 0;
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/metrics') {
      const mj = tokens * o.jPerToken * 1000;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(
        `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0",modelName="Fake H100"} ${mj * 0.75 + 1e9}\n` +
          `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="1",modelName="Fake H100"} ${mj * 0.25 + 2e9}\n`,
      );
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const j = JSON.parse(body) as { max_tokens: number; stream: boolean; model: string };
      const how = o.behave?.(requests++) ?? 'ok';
      if (how === 'fail') {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"overloaded"}}');
        return;
      }
      if (how === 'empty') {
        res.writeHead(200, { 'content-type': 'text/event-stream' }).end('data: [DONE]\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const send = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
      send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] });
      let k = 0;
      const timer = setInterval(() => {
        if (k < j.max_tokens) {
          k++;
          tokens++;
          send({ choices: [{ index: 0, delta: { content: `t${k} ` } }] });
          return;
        }
        clearInterval(timer);
        send({ choices: [{ index: 0, delta: {}, finish_reason: 'length' }] });
        if (o.usage !== false) send({ choices: [], usage: { prompt_tokens: o.promptTokens ?? 20, completion_tokens: k, total_tokens: k + 20 } });
        res.end('data: [DONE]\n\n');
      }, o.tokenMs);
      res.on('close', () => clearInterval(timer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}/v1`,
    metricsUrl: `http://127.0.0.1:${port}/metrics`,
    server,
    tokensEmitted: () => tokens,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
