/**
 * The power-source port: anything that can tell how much energy a component (GPU, CPU, RAM) drew. A source is
 * either an energy counter (`read()` → cumulative J since `open()`) or a power meter (`sample()` → W now, or W
 * averaged since the previous sample). Each says how precise it is, and `probe()` says why it cannot be used when
 * it cannot, so a fallback is never silent.
 */

export type PowerComponent = 'gpu' | 'cpu' | 'ram';
export const POWER_COMPONENTS: readonly PowerComponent[] = ['gpu', 'cpu', 'ram'];

/**
 * How the number is obtained, best first: a hardware energy counter (integrated by the device), sampled power
 * integrated by us, or a model (utilisation × rated power, a per-GB rule).
 */
export type PowerPrecision = 'counter' | 'sampled' | 'modeled';

export interface Precision {
  readonly kind: PowerPrecision;
  /**
   * Relative uncertainty of the energy figure, e.g. 0.05 = ±5 %; `low`/`high` multipliers when asymmetric.
   * Every value cites where it comes from in `source`.
   */
  readonly low: number;
  readonly high: number;
  readonly source: string;
  /** True when the uncertainty is our assumption rather than a published accuracy. */
  readonly assumed: boolean;
}

/** One physical device a source reads (a GPU, a RAPL package), for the output and the CSV. */
export interface PowerDevice {
  readonly id: string;
  readonly name: string;
}

export type Availability =
  | { readonly available: true; readonly devices: readonly PowerDevice[]; readonly detail: string }
  | { readonly available: false; readonly reason: string };

interface SourceBase {
  /** Short machine name: `nvml`, `nvidia-smi`, `rapl`, `procfs-tdp`, `ram-rule`, `prometheus`… */
  readonly name: string;
  readonly component: PowerComponent;
  /** One line a person reads: what is measured and how. */
  readonly description: string;
  readonly precision: Precision;
  /** Checks the source can be used here (library loads, files readable, endpoint answers). Never throws. */
  probe(): Promise<Availability>;
  /** Starts reading (takes the counter baseline, starts a sampling child). Call after a successful probe. */
  open(): Promise<void>;
  /** Releases what `open` took (library handle, child process). Safe to call twice. */
  close(): Promise<void>;
}

/** A source with a cumulative energy counter; `read()` returns J since `open()`, wrap-around already handled. */
export interface EnergyCounterSource extends SourceBase {
  readonly kind: 'energy';
  read(): Promise<number>;
}

/**
 * A power meter. `instant`: the power at the moment of the call (integrated by the trapezoid rule);
 * `mean-since-last`: the mean power since the previous call (integrated as a rectangle).
 */
export interface PowerSampleSource extends SourceBase {
  readonly kind: 'power';
  readonly sampleMeaning: 'instant' | 'mean-since-last';
  sample(): Promise<number>;
}

export type PowerSource = EnergyCounterSource | PowerSampleSource;

/** What a selection decided for one candidate source: used, or skipped and why. */
export interface SourceDecision {
  readonly component: PowerComponent;
  readonly name: string;
  readonly precision: Precision;
  readonly description: string;
  readonly used: boolean;
  /** For a used source: what it found. For a skipped one: why it could not be used, or why a better one won. */
  readonly detail: string;
  readonly devices: readonly PowerDevice[];
}

/** An error's message without a stack, for availability reasons. */
export function reasonOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Node's errno code on a thrown fs error (`EACCES`, `ENOENT`…), if any. */
export function errnoOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const c = (err as { code: unknown }).code;
    return typeof c === 'string' ? c : undefined;
  }
  return undefined;
}
