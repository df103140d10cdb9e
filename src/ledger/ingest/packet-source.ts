/**
 * Where ingestion gets its packets: a worker thread (large inputs: parsing overlaps the database writes) or the
 * calling thread (small inputs, where starting a worker would cost more than it saves). Same packets either way.
 */
import { Worker } from 'node:worker_threads';
import { PacketProducer, type FileTask, type Packet, type ProducerInit } from './ingest-packets.js';
import { TokenprintError, type ErrorCode } from '../../core/errors.js';

export interface PacketSource {
  packets(task: FileTask): AsyncGenerator<Packet>;
}

export class InlineSource implements PacketSource {
  private readonly producer: PacketProducer;
  constructor(init: ProducerInit) {
    this.producer = new PacketProducer(init);
  }
  packets(task: FileTask): AsyncGenerator<Packet> {
    return this.producer.packets(task);
  }
}

/**
 * Packets the worker may prepare ahead of the one being written (a packet is ≈ 4,096 rows, ingest-packets.ts
 * PACKET_ROWS). Chosen by measurement on 2 cores, 1M events: 2 was slower; 5, 8 and 12 were no faster and used more
 * memory.
 */
const AHEAD_PACKETS = 3;

type Outbound = { type: 'packet'; packet: Packet } | { type: 'end' } | { type: 'error'; message: string; code?: ErrorCode; stack?: string };

export class WorkerSource implements PacketSource {
  private readonly worker: Worker;
  private failure: Error | undefined;
  private readonly listeners = new Set<() => void>();

  /** Starts the thread; it loads its modules while the caller prepares `start`'s data. */
  constructor() {
    // Run as JavaScript once built; as TypeScript under tsx (development, tests), registering tsx's loader in the
    // worker first (Node 20 workers do not inherit it).
    const ts = import.meta.url.endsWith('.ts');
    const entry = new URL(`./ingest-worker${ts ? '.ts' : '.js'}`, import.meta.url);
    const boot = ts
      ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`
      : undefined;
    this.worker = new Worker(boot ?? entry, {
      eval: boot !== undefined,
      // Parsing makes short-lived objects: a roomier young generation means fewer scavenges and fewer promotions.
      // Measured on 2 cores, 1M events: 16 MB was slower, 64 MB no faster and ≈ 30 MB larger.
      resourceLimits: { maxYoungGenerationSizeMb: 32 },
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`the ingest worker stopped (exit code ${code})`));
    });
  }

  /** Hands the worker what its producer needs; call once, before `packets`. */
  start(init: ProducerInit): this {
    this.worker.postMessage({ type: 'init', init });
    return this;
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const l of this.listeners) l();
  }

  async *packets(task: FileTask): AsyncGenerator<Packet> {
    const queue: Packet[] = [];
    let done = false;
    // An error the worker reports for this file ends this file only: the worker stays usable for the next one.
    let fileFailure: Error | undefined;
    let wake: (() => void) | undefined;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const onMessage = (m: Outbound) => {
      if (m.type === 'packet') queue.push(m.packet);
      else if (m.type === 'end') done = true;
      else fileFailure ??= m.code ? new TokenprintError(m.code, m.message) : Object.assign(new Error(m.message), { stack: m.stack });
      notify();
    };
    this.worker.on('message', onMessage);
    this.listeners.add(notify);
    try {
      this.worker.postMessage({ type: 'file', task, credits: AHEAD_PACKETS });
      for (;;) {
        const p = queue.shift();
        if (p !== undefined) {
          this.worker.postMessage({ type: 'credit' });
          yield p;
          continue;
        }
        if (this.failure) throw this.failure;
        if (fileFailure) throw fileFailure;
        if (done) return;
        await new Promise<void>((r) => (wake = r));
      }
    } finally {
      this.worker.off('message', onMessage);
      this.listeners.delete(notify);
    }
  }

  /** Stops the thread (after the ingest, or when it fails). */
  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
