import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { startServer } from '../../server/server.js';
import { storageFrom, tenantDbPath } from '../../server/tenants.js';
import { newKey } from '../../server/keys.js';
import { openKeyStore } from '../../server/server.js';
import { loadConfig } from '../../ledger/config.js';
import { openStore } from '../../ledger/store/open-store.js';
import { ingest } from '../../ledger/ingest/ingest.js';
import { gridSourceFromSpec } from '../../sources/grid/select.js';
import type { GridSignalSource } from '../../sources/grid/signal.js';
import { InvalidInputError } from '../../core/errors.js';
import { parsePositive, parsePositiveInt } from '../parse.js';
import { serverDbOption } from './keys.js';
import { writeSample } from './sample.js';
import { nextSignal } from '../signals.js';

interface Flags {
  db: string;
  config?: string;
  port: string;
  host: string;
  maxBodyMb: string;
  rateLimit: string;
  burst: string;
  grid: string;
  spool?: string;
  demo?: boolean;
  quiet?: boolean;
}

/** dist/web next to the built CLI (dist/cli/commands → dist/web), or the source checkout's build. */
function webDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const c of [resolve(here, '../../web'), resolve(here, '../../../dist/web')]) if (existsSync(join(c, 'index.html'))) return c;
  return undefined;
}

/** `--demo`: tenant `demo` gets the sample month (once) and a fresh read key, printed. */
async function demo(db: string): Promise<string> {
  const storage = storageFrom(db);
  if (storage.kind !== 'duckdb') throw new InvalidInputError('--demo', 'the demo tenant is for a DuckDB folder, not PostgreSQL');
  const path = tenantDbPath(storage.dataDir, 'demo');
  if (!existsSync(path)) {
    const dir = join(storage.dataDir, 'demo-sample');
    const files = await writeSample(dir, { events: 50_000, seed: 42, month: '2025-06' });
    await mkdir(dirname(path), { recursive: true });
    const store = await openStore(path);
    try {
      await ingest(store, await loadConfig(files.config), [files.usage]);
    } finally {
      await store.close();
    }
    await rm(files.usage, { force: true });
  }
  const { record, key } = await newKey('demo', 'read', 'serve --demo');
  const keys = await openKeyStore(storage);
  await keys.add(record);
  await keys.close();
  return key;
}

export function registerServe(program: Command): void {
  const cmd = program
    .command('serve')
    .description('the ledger as a shared HTTP service with tenants and API keys, and the dashboard at / (docs/server.md)')
    .option('--config <file>', "ledger config every tenant's events are estimated with (default: each ledger's active factor set)")
    .option('--port <n>', 'TCP port (0: any free port)', '8787')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--max-body-mb <n>', 'largest request body, MiB (413 beyond)', '32')
    .option('--rate-limit <n>', 'requests per second per API key, sustained (429 beyond)', '100')
    .option('--burst <n>', 'requests per API key at once', '200')
    .option('--grid <spec>', 'grid source for the Carbon Aware endpoints: static|file:PATH|electricitymaps|watttime|ukci', 'static')
    .option('--spool <dir>', 'where request bodies wait until committed (default: <db>/spool, or ./tokenprint-spool with PostgreSQL)')
    .option('--demo', 'load the sample month into tenant `demo` (once) and print a read key for it')
    .option('--quiet', 'no request log on stdout');
  serverDbOption(cmd);
  cmd.action(async (f: Flags) => {
    const port = f.port === '0' ? 0 : parsePositiveInt(f.port, '--port');
    const storage = storageFrom(f.db);
    const demoKey = f.demo ? await demo(f.db) : undefined;
    const server = await startServer({
      storage,
      host: f.host,
      port,
      config: f.config ? await loadConfig(f.config) : undefined,
      spoolDir: f.spool,
      maxBodyBytes: Math.round(parsePositive(f.maxBodyMb, '--max-body-mb') * 1024 * 1024),
      ratePerS: parsePositive(f.rateLimit, '--rate-limit'),
      burst: parsePositiveInt(f.burst, '--burst'),
      grid: gridSourceFromSpec(f.grid) as GridSignalSource<'average'>,
      webDir: webDir(),
      log: f.quiet ? () => undefined : undefined,
    });
    process.stderr.write(`tokenprint serve: listening on ${server.url} (dashboard /, API docs /docs, OpenAPI /openapi.json)${server.recovered ? `; ingested ${server.recovered} spooled request(s) left by the last run` : ''}\n`);
    if (demoKey) process.stderr.write(`demo tenant ready: sign in at ${server.url}/ with the read key\n${demoKey}\n`);
    await nextSignal(['SIGINT', 'SIGTERM']);
    process.stderr.write('tokenprint serve: stopping\n');
    await server.close();
  });
}
