/**
 * NVIDIA GPUs through `nvidia-smi`, second choice after NVML (no FFI, but power samples instead of an energy
 * counter). One long-running child streams `index, power.draw` every `intervalMs`
 * (`nvidia-smi --query-gpu=index,power.draw --format=csv,noheader,nounits -lms N`), so sampling costs no process
 * start per reading. Power is integrated per GPU as a step function: each reading holds until the next one
 * (monotone energy), and the last reading is extended to the moment of `read()`.
 *
 * power.draw: "the last measured power draw for the entire board… accurate to within ±5 watts"; on Ampere and
 * later it is a 1 s average (`nvidia-smi --help-query-gpu`).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  type Availability,
  type EnergyCounterSource,
  type PowerComponent,
  type PowerDevice,
  errnoOf,
  reasonOf,
} from './power-source.js';
import { GPU_SAMPLED_PRECISION } from './nvml.js';

export interface NvidiaSmiOptions {
  /** Executable; default `nvidia-smi` found on PATH. */
  readonly command?: string;
  /** Sampling period of the child, ms (default 100). */
  readonly intervalMs?: number;
  /** Clock in ms; default performance.now. */
  readonly now?: () => number;
  /** How long to wait for the first readings, ms (default 10 s). */
  readonly startTimeoutMs?: number;
}

interface GpuTrack {
  lastW: number;
  lastT: number;
  energyJ: number;
}

/** Parses `index, name, power.draw` or `index, power.draw` CSV lines (noheader, nounits). */
export function parseSmiLine(line: string): { index: number; name?: string; powerW: number | undefined } | undefined {
  const parts = line.split(',').map((s) => s.trim());
  if (parts.length < 2 || !/^\d+$/.test(parts[0])) return undefined;
  const raw = parts[parts.length - 1];
  const w = Number(raw);
  return {
    index: Number(parts[0]),
    name: parts.length >= 3 ? parts.slice(1, -1).join(',') : undefined,
    powerW: raw !== '' && Number.isFinite(w) ? w : undefined,
  };
}

export class NvidiaSmiSource implements EnergyCounterSource {
  readonly kind = 'energy' as const;
  readonly name = 'nvidia-smi';
  readonly component: PowerComponent = 'gpu';
  readonly precision = GPU_SAMPLED_PRECISION;
  readonly description: string;
  private readonly command: string;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly startTimeoutMs: number;
  private child: ChildProcess | undefined;
  private tracks = new Map<number, GpuTrack>();
  private gpuCount = 0;
  private baseJ = 0;
  private buffered = '';
  private died: string | undefined;

  constructor(o: NvidiaSmiOptions = {}) {
    this.command = o.command ?? 'nvidia-smi';
    this.intervalMs = Math.max(20, Math.round(o.intervalMs ?? 100));
    this.now = o.now ?? (() => performance.now());
    this.startTimeoutMs = o.startTimeoutMs ?? 10_000;
    this.description = `nvidia-smi power.draw sampled every ${this.intervalMs} ms and integrated, all GPUs summed`;
  }

  async probe(): Promise<Availability> {
    const out = await new Promise<{ stdout: string } | { error: string }>((resolve) => {
      execFile(
        this.command,
        ['--query-gpu=index,name,power.draw', '--format=csv,noheader,nounits'],
        { timeout: 10_000 },
        (err, stdout) => {
          if (err) {
            resolve({ error: errnoOf(err) === 'ENOENT' ? `${this.command} not found on PATH` : `${this.command} failed: ${reasonOf(err).split('\n')[0]}` });
          } else resolve({ stdout });
        },
      );
    });
    if ('error' in out) return { available: false, reason: out.error };
    const rows = out.stdout.split('\n').map(parseSmiLine).filter((r) => r !== undefined);
    if (rows.length === 0) return { available: false, reason: `${this.command} listed no GPU` };
    const unsupported = rows.filter((r) => r.powerW === undefined).map((r) => r.index);
    if (unsupported.length) {
      return { available: false, reason: `${this.command} reports no power.draw for GPU ${unsupported.join(', ')} ([N/A] or [Not Supported])` };
    }
    this.gpuCount = rows.length;
    const devices: PowerDevice[] = rows.map((r) => ({ id: `gpu${r.index}`, name: r.name ?? `GPU ${r.index}` }));
    return { available: true, devices, detail: `${rows.length} GPU(s): ${devices.map((d) => d.name).join(', ')}` };
  }

  private onLine(line: string): void {
    const r = parseSmiLine(line);
    if (!r || r.powerW === undefined) return;
    const t = this.now();
    const tr = this.tracks.get(r.index);
    if (!tr) {
      this.tracks.set(r.index, { lastW: r.powerW, lastT: t, energyJ: 0 });
      return;
    }
    tr.energyJ += tr.lastW * ((t - tr.lastT) / 1000);
    tr.lastW = r.powerW;
    tr.lastT = t;
  }

  private totalJ(): number {
    const t = this.now();
    let j = 0;
    for (const tr of this.tracks.values()) j += tr.energyJ + tr.lastW * ((t - tr.lastT) / 1000);
    return j;
  }

  async open(): Promise<void> {
    if (this.gpuCount === 0) {
      const a = await this.probe();
      if (!a.available) throw new Error(a.reason);
    }
    this.tracks.clear();
    this.died = undefined;
    const child = spawn(this.command, ['--query-gpu=index,power.draw', '--format=csv,noheader,nounits', '-lms', String(this.intervalMs)], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.child = child;
    // A spawn failure is an 'error' event; without a listener node would throw it as an uncaught exception.
    let spawnError: Error | undefined;
    child.once('error', (err) => {
      spawnError = err;
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      this.buffered += chunk;
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) >= 0) {
        this.onLine(this.buffered.slice(0, nl));
        this.buffered = this.buffered.slice(nl + 1);
      }
    });
    // Wait until every GPU has reported once, so energy from open() on is covered.
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`${this.command} gave no reading for every GPU within ${this.startTimeoutMs} ms`));
      }, this.startTimeoutMs);
      const poll = setInterval(() => {
        if (this.tracks.size >= this.gpuCount) {
          clearInterval(poll);
          clearTimeout(deadline);
          resolve();
        }
      }, 5);
      const fail = (why: string): void => {
        clearInterval(poll);
        clearTimeout(deadline);
        if (this.tracks.size < this.gpuCount) reject(new Error(`${this.command} ${why} before reporting`));
      };
      child.once('exit', (code) => fail(`exited (code ${code})`));
      child.once('error', () => fail(`could not start (${spawnError?.message ?? 'spawn error'})`));
    });
    this.baseJ = this.totalJ();
    child.once('exit', (code, signal) => {
      if (this.child === child) this.died = `${this.command} stopped sampling mid-run (${signal ?? `exit code ${code}`})`;
    });
  }

  /** J since open(). Throws once the sampling child has died: extending its last reading would invent energy. */
  async read(): Promise<number> {
    if (this.died) throw new Error(this.died);
    return this.totalJ() - this.baseJ;
  }

  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
