/** Starts the API server in-process on 127.0.0.1, port 0, over a temporary data folder; cleans up after. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, openKeyStore, type RunningServer, type ServeOptions } from '../../src/server/server.js';
import { newKey, type Role } from '../../src/server/keys.js';
import type { Storage } from '../../src/server/tenants.js';

export interface TestServer extends RunningServer {
  readonly dir: string;
  readonly storage: Storage;
  key(tenant: string, role: Role): Promise<{ id: string; key: string }>;
  revoke(id: string): Promise<void>;
  /** fetch with a key (or none). */
  call(path: string, init?: { method?: string; key?: string; body?: string | Uint8Array; type?: string; headers?: Record<string, string> }): Promise<Response>;
  stop(): Promise<void>;
}

export async function testServer(o: Partial<ServeOptions> & { web?: boolean } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tp-serve-'));
  const storage: Storage = o.storage ?? { kind: 'duckdb', dataDir: join(dir, 'data') };
  let webDir: string | undefined;
  if (o.web) {
    webDir = join(dir, 'web');
    mkdirSync(join(webDir, 'assets'), { recursive: true });
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>dashboard</title>');
    writeFileSync(join(webDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'SECRET-OUTSIDE-WEB');
  }
  const s = await startServer({ storage, port: 0, log: () => undefined, webDir, ...o });
  const keys = await openKeyStore(storage);
  return {
    ...s,
    dir,
    storage,
    async key(tenant, role) {
      const { record, key } = await newKey(tenant, role, null);
      await keys.add(record);
      return { id: record.id, key };
    },
    async revoke(id) {
      await keys.revoke(id, new Date().toISOString());
    },
    call(path, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.key) headers.authorization = `Bearer ${init.key}`;
      if (init.type) headers['content-type'] = init.type;
      return fetch(s.url + path, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, body: init.body });
    },
    async stop() {
      await s.close();
      await keys.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** N usage events as JSONL lines (API calls, all valid, ids `${prefix}-i`), spread over June 2025. */
export function events(n: number, prefix: string, o: { team?: string } = {}): string {
  const teams = ['search', 'support', 'marketing'];
  const models = [
    ['openai', 'gpt-4o'],
    ['anthropic', 'claude-sonnet-4-5-20250929'],
    ['google', 'gemini-2.5-flash'],
  ];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const [provider, model] = models[i % 3];
    lines.push(
      JSON.stringify({
        id: `${prefix}-${i}`,
        timestamp: new Date(Date.UTC(2025, 5, 1 + (i % 30), i % 24, i % 60)).toISOString(),
        provider,
        model,
        input_tokens: 200 + (i % 1000),
        output_tokens: 50 + (i % 300),
        team: o.team ?? teams[i % 3],
        app: 'bench',
      }),
    );
  }
  return lines.join('\n') + '\n';
}
