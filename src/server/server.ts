/**
 * Starting and stopping the server: the key store and tenant ledgers for the storage given, spool recovery (what a
 * killed process left), then listening. Everything is passed in, so tests start it on port 0 in-process.
 */
import { resolve, join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { LedgerConfig } from '../ledger/config.js';
import type { GridSignalSource } from '../sources/grid/signal.js';
import { staticYearlySource } from '../sources/grid/static.js';
import { KeyVerifier, type KeyStore } from './keys.js';
import { KeyFile } from './key-file.js';
import { KeyTable } from './store/key-pg.js';
import { Tenants, describeStorage, type Storage } from './tenants.js';
import { Intake } from './intake.js';
import { Metrics } from './metrics.js';
import { Idempotency } from './store/idempotency.js';
import { ReadModel } from './read-model.js';
import { buildApp, type Readiness } from './app.js';
import type { ServerDeps } from './context.js';

export interface ServeOptions {
  readonly storage: Storage;
  readonly host?: string;
  readonly port?: number;
  readonly config?: LedgerConfig;
  /** Folder request bodies are spooled to (default: <data>/spool, or ./tokenprint-spool with PostgreSQL). */
  readonly spoolDir?: string;
  readonly maxBodyBytes?: number;
  readonly ratePerS?: number;
  readonly burst?: number;
  readonly webDir?: string;
  readonly grid?: GridSignalSource<'average'>;
  readonly log?: (entry: Record<string, unknown>) => void;
  /** Parse request bodies in a worker thread per tenant (default true; false: on the event loop). */
  readonly parseWorker?: boolean;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly recovered: number;
  close(): Promise<void>;
}

export async function openKeyStore(storage: Storage): Promise<KeyStore> {
  return storage.kind === 'duckdb' ? new KeyFile(join(storage.dataDir, 'keys.json')) : KeyTable.open(storage.url);
}

export const DEFAULT_MAX_BODY_BYTES = 32 << 20;

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const log = o.log ?? ((e: Record<string, unknown>) => process.stdout.write(JSON.stringify({ t: new Date().toISOString(), ...e }) + '\n'));
  const keyStore = await openKeyStore(o.storage);
  const tenants = new Tenants(o.storage);
  const spoolDir = resolve(o.spoolDir ?? (o.storage.kind === 'duckdb' ? join(o.storage.dataDir, 'spool') : 'tokenprint-spool'));
  const readModel = new ReadModel(() => Date.now(), o.storage.kind === 'duckdb');
  const intake = new Intake(tenants, spoolDir, o.config, (tenant) => readModel.changed(tenant), o.parseWorker ?? true);
  const readiness: Readiness = { ready: false, reason: 'recovering the spool', storage: describeStorage(o.storage) };
  const deps: ServerDeps = {
    tenants,
    intake,
    keys: new KeyVerifier(keyStore),
    metrics: new Metrics(),
    idempotency: new Idempotency(),
    readModel,
    grid: o.grid ?? staticYearlySource(),
    config: o.config,
    limits: { maxBodyBytes: o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, ratePerS: o.ratePerS ?? 100, burst: o.burst ?? 200 },
    webDir: o.webDir,
    log,
    now: () => Date.now(),
  };
  const app = buildApp(deps, readiness);
  let recovered = 0;
  for (const r of await intake.recover()) {
    recovered += r.files;
    log({ level: 'info', event: 'spool recovered', tenant: r.tenant, files: r.files, read: r.summary.read, accepted: r.summary.accepted, duplicates: r.summary.duplicates, rejected: r.summary.rejected });
  }
  readiness.ready = true;
  readiness.reason = '';
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(o.port ?? 8787, o.host ?? '127.0.0.1', () => res());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    recovered,
    async close() {
      await new Promise<void>((res) => {
        server.close(() => res());
        server.closeIdleConnections?.();
      });
      await intake.close();
      await tenants.close();
      await keyStore.close();
    },
  };
}
