/** A 127.0.0.1 HTTP server that answers grid-provider requests from the recorded fixtures and logs each request. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'grid');

export interface Logged {
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

export interface FixtureServer {
  readonly url: string;
  readonly log: Logged[];
  /** Next response overrides (status, headers, body), consumed in order. */
  readonly queue: { status: number; headers?: Record<string, string>; body: string }[];
  close(): Promise<void>;
}

function route(url: URL, headers: IncomingMessage['headers']): { status: number; body: string } {
  const p = url.pathname;
  const file = (f: string) => ({ status: 200, body: readFileSync(join(FIXTURES, f), 'utf8') });
  if (p.startsWith('/em/v3/carbon-intensity/')) {
    if (headers['auth-token'] !== 'em-secret') return { status: 401, body: '{"error":"invalid token"}' };
    const zone = url.searchParams.get('zone');
    if (p.endsWith('/history')) return file(`electricitymaps-history-${zone}.json`);
    if (p.endsWith('/forecast')) return file(`electricitymaps-forecast-${zone}.json`);
  }
  if (p === '/wt/login') {
    const expected = 'Basic ' + Buffer.from('alice:pw').toString('base64');
    return headers.authorization === expected ? file('watttime-login.json') : { status: 401, body: '{}' };
  }
  if (p === '/wt/v3/forecast') {
    if (headers.authorization !== 'Bearer test-token-abc') return { status: 401, body: '{}' };
    if (url.searchParams.get('signal_type') !== 'co2_moer') return { status: 400, body: '{}' };
    return file(`watttime-forecast-${url.searchParams.get('region')}.json`);
  }
  if (p.startsWith('/uk/intensity/')) return file('ukci-intensity.json');
  return { status: 404, body: '{"error":"not found"}' };
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const log: Logged[] = [];
  const queue: FixtureServer['queue'] = [];
  const server: Server = createServer((req, res) => {
    log.push({ url: req.url ?? '', headers: req.headers });
    const q = queue.shift();
    if (q) {
      res.writeHead(q.status, { 'content-type': 'application/json', ...(q.headers ?? {}) });
      res.end(q.body);
      return;
    }
    let r: { status: number; body: string };
    try {
      r = route(new URL(req.url ?? '/', 'http://127.0.0.1'), req.headers);
    } catch {
      r = { status: 404, body: '{"error":"no fixture"}' };
    }
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    queue,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
