/**
 * Usage events posted over HTTP go through the ledger's own ingest (the CLI's code path: same validation,
 * estimates, reject table and `read = accepted + rejected + duplicates` counts). Each request body is first written
 * to a spool file, which is the write-ahead log: a request whose server dies mid-batch leaves its file behind, and
 * the next start ingests every file left in the spool (events already in the ledger count as duplicates, so a client
 * retry and the replay never double an event).
 *
 * Group commit (ledger/ingest/group-ingest.ts): a body is parsed, validated and estimated as soon as it is spooled,
 * while the tenant's writer commits the group before it; the requests that queued meanwhile are then committed
 * together in one transaction, and each is answered with its own counts only once that transaction has committed.
 * The tenant's group ingest keeps its factor set, grid data and prepared estimators between groups. A group that
 * fails is retried one request at a time through `ingest()`, so one bad request cannot fail the others.
 *
 * By default (`parseWorker`) the bodies are parsed, validated and estimated in worker threads per tenant (the CLI's
 * ingest worker; two where there are two cores), so the event loop only answers HTTP, commits groups and serves
 * reads. A group commits its requests in the order their parsing finished.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { ingest, type IngestSummary } from '../ledger/ingest/ingest.js';
import { GroupIngest, type FileCounts, type PreparedFile } from '../ledger/ingest/group-ingest.js';
import { defaultConfig, parseConfig, type LedgerConfig } from '../ledger/config.js';
import type { IngestCounts, LedgerStore } from '../ledger/store/store.js';
import type { UsageFormat } from '../sources/usage/event.js';
import { detectFromBytes, detectFromContent } from '../sources/usage/detect.js';
import { hasGzipMagic } from '../sources/usage/lines.js';
import { fingerprintOf } from '../ledger/ingest/ingest.js';
import type { Tenants } from './tenants.js';

export interface BatchResult extends IngestCounts {
  readonly requestId: string;
  readonly ingestId: number;
  readonly factorSet: number;
  readonly format: string;
}

/** How a request body is to be read. */
export interface BodyFormat {
  /** The `format` query parameter; absent: detected from the content, as `tokenprint ingest` does. */
  readonly format?: UsageFormat;
  /** The format the Content-Type names, taken when no reader claims the content (e.g. lines that are not JSON). */
  readonly fallback: UsageFormat;
  readonly gzip: boolean;
  /** The `deployment` query parameter (`ingest --deployment`): the deployment vLLM-metrics buckets ran on. */
  readonly deployment?: string;
}

interface Pending {
  readonly path: string;
  readonly format: UsageFormat;
  readonly deployment?: string;
  readonly requestId: string;
  readonly file: PreparedFile;
  resolve(r: BatchResult): void;
  reject(e: unknown): void;
}

/**
 * Worker threads that parse a tenant's bodies side by side: two on a machine with two cores or more. With one, a
 * group commit found only ≈ 1.1 parsed requests waiting; with two, the commits take more requests each and the
 * parsing of the next bodies overlaps them (docs/server.md, "Measured").
 */
const PARSE_WORKERS = Math.min(2, availableParallelism());

/** Most request files one group ingest takes (bounds the latency a request waits behind others). */
const GROUP_MAX = 64;

/**
 * A spool file is `<requestId>.<format>[.d-<deployment, base64url>].body[.gz]`: a replay after a crash reads it
 * with the format and deployment its request was read with. (Before, `<requestId>.jsonl|csv|otlp.json[.gz]`.)
 */
const SPOOL_NAME = /^([^.]+)\.([a-z0-9-]+)(?:\.d-([A-Za-z0-9_-]*))?\.body(?:\.gz)?$/;

function spoolName(requestId: string, b: { format: UsageFormat; deployment?: string; gzip: boolean }): string {
  const dep = b.deployment === undefined ? '' : `.d-${Buffer.from(b.deployment).toString('base64url')}`;
  return `${requestId}.${b.format}${dep}.body${b.gzip ? '.gz' : ''}`;
}

/** The format and deployment a spool file was read with; undefined for a file named before formats were kept. */
function spoolFormat(name: string): { format: UsageFormat; deployment?: string } | undefined {
  const m = SPOOL_NAME.exec(name);
  if (!m) return undefined;
  return { format: m[2], deployment: m[3] === undefined ? undefined : Buffer.from(m[3], 'base64url').toString('utf8') };
}

export function requestIdOf(path: string): string {
  const name = basename(path);
  const m = SPOOL_NAME.exec(name);
  return m ? m[1] : name.replace(/\.gz$/, '').replace(/\.(jsonl|csv|otlp\.json)$/, '');
}

/** The config events are estimated with: the server's --config, else the ledger's active factor set, else none. */
export async function tenantConfig(store: LedgerStore, fixed: LedgerConfig | undefined): Promise<LedgerConfig> {
  if (fixed) return fixed;
  const active = await store.activeFactorSet();
  return active ? parseConfig(active.config, `factor set ${active.id}`) : defaultConfig();
}

/**
 * A test hook: TOKENPRINT_SERVE_KILL_AT=spooled|committed kills the process (SIGKILL, as `kill -9` would) right
 * after a body is spooled, or right after its ingest commits and before the client is answered.
 */
function crashHook(at: 'spooled' | 'committed'): void {
  if (process.env.TOKENPRINT_SERVE_KILL_AT === at) process.kill(process.pid, 'SIGKILL');
}

export class Intake {
  private readonly queues = new Map<string, Pending[]>();
  private readonly draining = new Set<string>();
  private readonly groups = new Map<string, Promise<GroupIngest>>();
  /** Events read/accepted/rejected/duplicated since start, and blank lines beside them (for /metrics). */
  readonly counts = { read: 0, accepted: 0, rejected: 0, duplicates: 0, blank: 0 };

  constructor(
    private readonly tenants: Tenants,
    private readonly spoolDir: string,
    private readonly config: LedgerConfig | undefined,
    /** Called after each commit to a tenant's ledger, before its requests are answered. */
    private readonly onCommit: (tenant: string) => void = () => undefined,
    /** Parse bodies in a worker thread per tenant (false: on the event loop). */
    private readonly parseWorker = true,
  ) {}

  private dir(tenant: string): string {
    const d = join(this.spoolDir, tenant);
    mkdirSync(d, { recursive: true });
    return d;
  }

  /** Writes the body to the spool and queues it; resolves when its events are committed. */
  async submit(tenant: string, body: Uint8Array, b: BodyFormat): Promise<BatchResult> {
    const requestId = `${Date.now().toString(36)}-${randomUUID()}`;
    const dir = this.dir(tenant);
    const tmp = join(dir, `${requestId}.tmp`);
    // Written whole, then renamed: a body cut short by a crash is never replayed (the client got no answer and retries).
    // Synchronously: a body of a few hundred KB goes to the page cache in well under a millisecond, where the same
    // write on libuv's pool waits behind the ledger's statements (docs/server.md, "Measured").
    writeFileSync(tmp, body);
    let format: UsageFormat;
    try {
      // The CLI's detection (the same sniffing of the head, gzip read through), before the name is given.
      format = b.format ?? (hasGzipMagic(body) ? (await detectFromContent(tmp)).format : detectFromBytes(body, tmp)) ?? b.fallback;
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    const path = join(dir, spoolName(requestId, { format, deployment: b.deployment, gzip: b.gzip }));
    renameSync(tmp, path);
    crashHook('spooled');
    // The file's fingerprint (ingest.ts `fingerprint`) from the bytes in hand, with the mtime the rename kept.
    const print = fingerprintOf(body, statSync(path).mtimeMs);
    let file: PreparedFile;
    try {
      file = await (await this.groupOf(tenant)).prepare(path, format, b.deployment, print);
    } catch (e) {
      rmSync(path, { force: true }); // refused whole (e.g. a corrupt gzip body): nothing of it was committed
      throw e;
    }
    return new Promise<BatchResult>((resolve, reject) => {
      const q = this.queues.get(tenant) ?? [];
      q.push({ path, format, deployment: b.deployment, requestId, file, resolve, reject });
      this.queues.set(tenant, q);
      if (!this.draining.has(tenant)) void this.drain(tenant);
    });
  }

  /** The tenant's group ingest, opened on first use (a failed open is not kept: the next request tries again). */
  private groupOf(tenant: string): Promise<GroupIngest> {
    let g = this.groups.get(tenant);
    if (!g) {
      g = this.tenants.write(tenant, async (store) => GroupIngest.open(store, await tenantConfig(store, this.config), { worker: this.parseWorker, parsers: PARSE_WORKERS }));
      g.catch(() => this.groups.delete(tenant));
      this.groups.set(tenant, g);
    }
    return g;
  }

  /** Stops the tenants' parsing workers, once the bodies given to them are parsed (call after the server stopped). */
  async close(): Promise<void> {
    const groups = [...this.groups.values()];
    this.groups.clear();
    for (const g of groups) await (await g.catch(() => undefined))?.close();
  }

  /**
   * Ingests whatever a previous process left in the spool (a crash mid-batch), each file with the format and
   * deployment its request was read with; one entry per tenant and (format, deployment), with how many files.
   */
  async recover(): Promise<{ tenant: string; files: number; summary: IngestSummary }[]> {
    const out: { tenant: string; files: number; summary: IngestSummary }[] = [];
    let tenants: string[];
    try {
      tenants = readdirSync(this.spoolDir);
    } catch {
      return out;
    }
    for (const tenant of tenants) {
      const names = readdirSync(join(this.spoolDir, tenant))
        .filter((n) => !n.endsWith('.tmp'))
        .sort();
      // Files read the same way are ingested together (in request order); a legacy name is detected as the CLI does.
      const groups = new Map<string, { how: { format?: UsageFormat; deployment?: string }; paths: string[] }>();
      for (const n of names) {
        const how: { format?: UsageFormat; deployment?: string } = spoolFormat(n) ?? {};
        const k = JSON.stringify([how.format ?? null, how.deployment ?? null]);
        const g = groups.get(k) ?? { how, paths: [] };
        g.paths.push(join(this.spoolDir, tenant, n));
        groups.set(k, g);
      }
      for (const { how, paths } of groups.values()) {
        const summary = await this.tenants.write(tenant, async (store) => ingest(store, await tenantConfig(store, this.config), paths, { worker: false, ...how }));
        this.onCommit(tenant);
        this.count(summary);
        for (const p of paths) await rm(p, { force: true });
        out.push({ tenant, files: paths.length, summary });
      }
    }
    return out;
  }

  private count(s: { read: number; accepted: number; rejected: number; duplicates: number; blank: number }): void {
    this.counts.read += s.read;
    this.counts.accepted += s.accepted;
    this.counts.rejected += s.rejected;
    this.counts.duplicates += s.duplicates;
    this.counts.blank += s.blank;
  }

  private async drain(tenant: string): Promise<void> {
    this.draining.add(tenant);
    try {
      for (;;) {
        const q = this.queues.get(tenant) ?? [];
        if (!q.length) break;
        const group = q.splice(0, GROUP_MAX);
        let counts: { ingestId: number; factorSet: number; files: readonly FileCounts[] } | undefined;
        try {
          const g = await this.groupOf(tenant);
          counts = await this.tenants.write(tenant, () => g.commit(group.map((p) => p.file)));
        } catch {
          // One bad request must not fail the others: ingest each alone, so each gets its own answer.
          for (const p of group) await this.ingestAlone(tenant, p).catch((e: unknown) => p.reject(e));
          continue;
        }
        crashHook('committed');
        this.onCommit(tenant);
        this.answer(group, counts);
      }
    } finally {
      this.draining.delete(tenant);
      this.queues.delete(tenant);
    }
  }

  /** Answers each request of a committed group with its own counts, once its spool file is gone. */
  private answer(group: readonly Pending[], s: { ingestId: number; factorSet: number; files: readonly FileCounts[] }): void {
    this.count(s.files.reduce((a, f) => ({ read: a.read + f.read, accepted: a.accepted + f.accepted, rejected: a.rejected + f.rejected, duplicates: a.duplicates + f.duplicates, blank: a.blank + f.blank }), { read: 0, accepted: 0, rejected: 0, duplicates: 0, blank: 0 }));
    group.forEach((p, i) => {
      const f = s.files[i];
      const result: BatchResult = {
        requestId: p.requestId,
        ingestId: s.ingestId,
        factorSet: s.factorSet,
        format: f.format,
        read: f.read,
        accepted: f.accepted,
        rejected: f.rejected,
        duplicates: f.duplicates,
        ignoredSpans: f.ignoredSpans,
        blank: f.blank,
      };
      // Committed: answered even if the file cannot be removed (a replay would count its events as duplicates).
      try {
        rmSync(p.path, { force: true });
      } catch {
        // left for the next start's replay, which finds its events in the ledger already
      }
      p.resolve(result);
    });
  }

  /** One request through the CLI's own ingest (the fallback when its group failed). */
  private async ingestAlone(tenant: string, p: Pending): Promise<void> {
    const s = await this.tenants.write(tenant, async (store) => ingest(store, await tenantConfig(store, this.config), [p.path], { worker: false, format: p.format, deployment: p.deployment }));
    crashHook('committed');
    this.onCommit(tenant);
    const f = s.files[0];
    this.answer([p], { ingestId: s.ingestId, factorSet: s.factorSet, files: [{ ...f, format: f.format as UsageFormat }] });
  }
}
