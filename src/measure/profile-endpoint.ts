/**
 * Tokens per joule of a served model, measured the way the ML.ENERGY benchmark does (Chung et al., "The ML.ENERGY
 * Benchmark", arXiv 2505.06371; `mlenergy/benchmark/llm/benchmark.py`): at each concurrency c, N streaming
 * requests are sent with c in flight. The steady-state window opens when the c-th request of the first wave returns
 * its first token (every slot is generating, the prefill burst is over) and closes when the (N − c)-th request
 * completes (the queue is empty; from here fewer than c requests are in flight: ramp-down). Then
 *
 *   J per output token = GPU energy in the window / output tokens generated in the window
 *                      = mean GPU power / output throughput,
 *   Wh per request     = J per output token × mean output tokens / 3600   (ML.ENERGY's energy_per_request),
 *
 * so prefill energy of requests admitted inside the window is folded into the per-output-token figure, and the
 * boundary is GPU only (no CPU, DRAM, network, PUE), as in ML.ENERGY. The estimator's prediction for the same
 * deployment (batch = c, GPU boundary, the measured mean prompt and output lengths) is reported beside it, with
 * the calibration factor measured / predicted.
 */
import { type Range, range } from '../core/range.js';
import { InvalidInputError, TokenprintError } from '../core/errors.js';
import { prepareInference } from '../core/inference.js';
import type { Precision as WeightPrecision } from '../core/precision.js';
import { resolveInferenceDeployment } from '../estimate/inference-deployment.js';
import type { EnergyCounterSource, SourceDecision } from '../sources/power/power-source.js';
import { streamChat, type StreamResult } from './openai-stream.js';
import { plausibleLevel } from './plausibility.js';

export interface EstimatorTarget {
  /** Catalog model id (the served name often differs). */
  readonly model: string;
  readonly hardware: string;
  readonly gpus?: number;
  readonly precision?: WeightPrecision;
}

export interface ProfileOptions {
  /** Base URL ending in /v1. */
  readonly url: string;
  /** Model name as the server knows it. */
  readonly model: string;
  readonly concurrency: readonly number[];
  /** Requests per concurrency level; default max(32, 8 × c). Must be at least 2 × c for a steady window. */
  readonly requests?: number;
  readonly prompts?: readonly string[];
  readonly maxTokens?: number;
  /** GPU energy source, already probed; undefined = no power (latency and throughput only). */
  readonly power?: EnergyCounterSource;
  readonly powerDecision?: SourceDecision;
  readonly estimator?: EstimatorTarget;
  readonly apiKey?: string;
  /** Per request: fail it when the server sends nothing for this long (ms); default DEFAULT_IDLE_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
  readonly onProgress?: (message: string) => void;
}

export interface Percentiles {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export interface Prediction {
  readonly model: string;
  readonly hardware: string;
  readonly gpus: number;
  readonly precision: string;
  readonly batch: number;
  /** GPU energy per output token with the request's prefill folded in, as measured. */
  readonly jPerOutputToken: Range;
  readonly whPerRequest: Range;
  readonly interTokenMs: Range;
  readonly throughputTokS: Range;
  readonly warnings: readonly string[];
}

export interface LevelResult {
  readonly concurrency: number;
  readonly requests: number;
  readonly completed: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly window: { readonly startS: number; readonly endS: number; readonly durationS: number; readonly outputTokens: number; readonly steady: boolean };
  readonly throughputTokS: number;
  readonly meanInputTokens: number;
  readonly meanOutputTokens: number;
  readonly ttftMs: Percentiles;
  readonly itlMs: Percentiles;
  readonly energyJ?: Range;
  readonly avgPowerW?: number;
  readonly jPerOutputToken?: Range;
  readonly tokensPerJ?: number;
  readonly whPerRequest?: Range;
  readonly prediction?: Prediction;
  /** measured / predicted J per output token (central values). */
  readonly calibrationFactor?: number;
  readonly warnings: readonly string[];
}

export interface ProfileResult {
  readonly kind: 'endpoint-profile';
  readonly url: string;
  readonly model: string;
  readonly measuredAt: string;
  readonly boundary: 'gpu';
  readonly power?: SourceDecision;
  readonly maxTokens: number;
  readonly levels: readonly LevelResult[];
  readonly method: string;
}

/** A small default prompt set: varied chat turns (short questions, explanations, a list, code). */
export const DEFAULT_PROMPTS: readonly string[] = [
  'Explain how a heat pump works to a twelve-year-old.',
  'Write a short poem about the sea at night.',
  'List five practical tips for writing clear technical documentation, with one sentence each.',
  'What are the main differences between TCP and UDP?',
  'Write a Python function that returns the n-th Fibonacci number iteratively, and explain it.',
  'Summarise the causes of the French Revolution in one paragraph.',
  'How do I make a simple tomato sauce? Give the steps.',
  'Compare renting and buying a home in a few balanced points.',
];

export const DEFAULT_MAX_TOKENS = 256;

export function defaultRequests(c: number): number {
  return Math.max(32, 8 * c);
}

/** Linear-interpolated percentiles (the "R-7" definition used by numpy by default). */
export function percentiles(xs: readonly number[]): Percentiles {
  if (xs.length === 0) return { mean: NaN, p50: NaN, p90: NaN, p99: NaN };
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => {
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
  };
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, p50: q(0.5), p90: q(0.9), p99: q(0.99) };
}

/** Output tokens generated inside [start, end]: chunks in the window, scaled to the usage count when known. */
export function tokensInWindow(results: readonly StreamResult[], start: number, end: number): number {
  let n = 0;
  for (const r of results) {
    if (r.chunkTimes.length === 0) continue;
    let k = 0;
    for (const t of r.chunkTimes) if (t >= start && t <= end) k++;
    n += r.outputTokensFromUsage ? (k * r.outputTokens) / r.chunkTimes.length : k;
  }
  return n;
}

/** The estimator's GPU-boundary prediction for a deployment serving c concurrent requests of the measured shape. */
export function predict(target: EstimatorTarget, batch: number, meanInputTokens: number, meanOutputTokens: number): Prediction {
  const inTok = Math.max(1, Math.round(meanInputTokens));
  const outTok = Math.max(1, Math.round(meanOutputTokens));
  const { deployment } = resolveInferenceDeployment({
    model: target.model,
    hardware: target.hardware,
    gpus: target.gpus,
    precision: target.precision,
    batch,
    boundary: 'gpu',
    typicalInputTokens: inTok,
    typicalOutputTokens: outTok,
  });
  const e = prepareInference(deployment)({ inputTokens: inTok, outputTokens: outTok });
  const wh = e.perRequest.energyWh;
  return {
    model: deployment.model.id,
    hardware: deployment.hardware.id,
    gpus: deployment.count,
    precision: deployment.precision,
    batch,
    jPerOutputToken: range((wh.value * 3600) / outTok, (wh.low * 3600) / outTok, (wh.high * 3600) / outTok),
    whPerRequest: wh,
    interTokenMs: e.timing.interTokenMs,
    throughputTokS: e.timing.replicaThroughputTokS,
    warnings: e.warnings,
  };
}

/** Power is read at least this often during a level, so sources that sample power (DCGM gauge, NVML without counter) integrate over the run, not from one reading. */
export const POWER_POLL_MS = 500;

async function runLevel(o: ProfileOptions, c: number, n: number, prompts: readonly string[], maxTokens: number): Promise<LevelResult> {
  const now = o.now ?? (() => performance.now());
  const power = o.power;
  // Reads are serialised: two overlapping scrapes could otherwise apply counter values out of order.
  let reads: Promise<unknown> = Promise.resolve();
  const readEnergy = (): Promise<{ t: number; e: number }> => {
    const p = reads.then(async () => {
      const a = now();
      let e = 0;
      try {
        e = power ? await power.read() : 0;
      } catch (err) {
        throw new TokenprintError('IO_ERROR', `power source ${power?.name} failed during concurrency ${c}: ${err instanceof Error ? err.message : String(err)}`);
      }
      return { t: (a + now()) / 2, e };
    });
    // Handled here so a failing read is never an unhandled rejection; whoever awaits p still sees the error.
    reads = p.catch(() => undefined);
    return p;
  };
  const results: (StreamResult & { readonly promptChars: number })[] = [];
  let next = 0;
  let completed = 0;
  let firstChunks = 0;
  let windowStart: Promise<{ t: number; e: number }> | undefined;
  let windowEnd: Promise<{ t: number; e: number }> | undefined;
  const levelStart = await readEnergy();
  const t0 = levelStart.t;
  let poll: NodeJS.Timeout | undefined;
  if (power) {
    poll = setInterval(() => void readEnergy().catch(() => undefined), POWER_POLL_MS);
    poll.unref();
  }
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const res = await streamChat({
        baseUrl: o.url,
        model: o.model,
        messages: [{ role: 'user', content: prompts[i % prompts.length] }],
        maxTokens,
        apiKey: o.apiKey,
        timeoutMs: o.timeoutMs,
        now,
        onFirstChunk: () => {
          firstChunks++;
          if (firstChunks === c) windowStart = readEnergy();
        },
      });
      results[i] = { ...res, promptChars: prompts[i % prompts.length].length };
      completed++;
      // About ten progress lines a level, so a slow or silent server shows as such rather than as a hang.
      if (completed % Math.max(1, Math.round(n / 10)) === 0 || completed === n) {
        o.onProgress?.(`concurrency ${c}: ${completed}/${n} requests done${res.error ? ` (last failed: ${res.error})` : ''}`);
      }
      if (completed === n - c) windowEnd = readEnergy();
    }
  };
  try {
    await Promise.all(Array.from({ length: c }, worker));
  } finally {
    clearInterval(poll);
  }
  const ok = results.filter((r) => !r.error);
  const errors = results.filter((r) => r.error);
  if (ok.length === 0) {
    throw new TokenprintError(
      'IO_ERROR',
      `all ${n} requests to ${o.url} at concurrency ${c} failed (first: ${errors[0]?.error}). ` +
        'Check that --url is the server\'s base URL ending in /v1 and that --model is a name it serves.',
      { url: o.url, concurrency: c },
    );
  }
  if (ok.every((r) => r.chunkTimes.length === 0)) {
    throw new TokenprintError(
      'IO_ERROR',
      `${o.url} answered ${ok.length} requests at concurrency ${c} but streamed no content (no choices[].delta.content); ` +
        'is it an OpenAI-compatible chat completions endpoint, and does --model name a chat model?',
      { url: o.url, concurrency: c },
    );
  }
  const warnings: string[] = [];
  if (errors.length) warnings.push(`${errors.length} of ${n} requests failed (first: ${errors[0].error})`);
  let steady = true;
  let ws = windowStart ? await windowStart : undefined;
  let we = windowEnd ? await windowEnd : undefined;
  if (!ws || !we || we.t <= ws.t) {
    steady = false;
    warnings.push('no steady-state window (requests failed or streamed nothing before the queue emptied): the whole level is used');
    // The level's own baseline, not the source's open(): earlier levels' energy must not count here.
    ws = levelStart;
    we = await readEnergy();
  }
  const durationS = (we.t - ws.t) / 1000;
  const tokens = tokensInWindow(ok, ws.t, we.t);
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const meanOut = mean(ok.map((r) => r.outputTokens));
  const withUsage = ok.filter((r) => r.inputTokens !== undefined);
  const meanIn = withUsage.length
    ? mean(withUsage.map((r) => r.inputTokens!))
    : mean(ok.map((r) => r.promptChars / 4));
  if (ok.length && withUsage.length === 0) warnings.push('the server sent no usage: prompt tokens estimated as characters / 4');
  if (ok.length && ok.every((r) => !r.outputTokensFromUsage)) warnings.push('the server sent no usage: output tokens counted as streamed chunks');
  const ttft = ok.filter((r) => r.firstTokenT !== undefined).map((r) => r.firstTokenT! - r.startT);
  const itl: number[] = [];
  for (const r of ok) for (let k = 1; k < r.chunkTimes.length; k++) itl.push(r.chunkTimes[k] - r.chunkTimes[k - 1]);
  const base = {
    concurrency: c,
    requests: n,
    completed: ok.length,
    errors: errors.length,
    firstError: errors[0]?.error,
    window: { startS: (ws.t - t0) / 1000, endS: (we.t - t0) / 1000, durationS, outputTokens: tokens, steady },
    throughputTokS: durationS > 0 ? tokens / durationS : 0,
    meanInputTokens: meanIn,
    meanOutputTokens: meanOut,
    ttftMs: percentiles(ttft),
    itlMs: percentiles(itl),
  };
  let measured: Pick<LevelResult, 'energyJ' | 'avgPowerW' | 'jPerOutputToken' | 'tokensPerJ' | 'whPerRequest'> = {};
  if (power && tokens > 0) {
    const ej = we.e - ws.e;
    const p = power.precision;
    const jpt = ej / tokens;
    measured = {
      energyJ: range(ej, ej * p.low, ej * p.high),
      avgPowerW: durationS > 0 ? ej / durationS : 0,
      jPerOutputToken: range(jpt, jpt * p.low, jpt * p.high),
      tokensPerJ: jpt > 0 ? 1 / jpt : Infinity,
      whPerRequest: range((jpt * meanOut) / 3600, (jpt * p.low * meanOut) / 3600, (jpt * p.high * meanOut) / 3600),
    };
  }
  let prediction: Prediction | undefined;
  let calibrationFactor: number | undefined;
  if (o.estimator && ok.length) {
    prediction = predict(o.estimator, c, meanIn, meanOut);
    if (measured.jPerOutputToken) calibrationFactor = measured.jPerOutputToken.value / prediction.jPerOutputToken.value;
  }
  const level = { ...base, ...measured, prediction, calibrationFactor, warnings };
  plausibleLevel(level, { maxTokens, gpus: o.estimator?.gpus, power: power?.name, url: o.url, usage: ok.filter((r) => r.outputTokensFromUsage).map((r) => r.outputTokens) });
  return level;
}

export async function profileEndpoint(o: ProfileOptions): Promise<ProfileResult> {
  if (o.concurrency.length === 0) throw new InvalidInputError('concurrency', 'give at least one concurrency level');
  const prompts = o.prompts && o.prompts.length ? o.prompts : DEFAULT_PROMPTS;
  const maxTokens = o.maxTokens ?? DEFAULT_MAX_TOKENS;
  for (const c of o.concurrency) {
    const n = o.requests ?? defaultRequests(c);
    if (n < 2 * c) {
      throw new InvalidInputError('requests', `${n} requests at concurrency ${c} leave no steady-state window; use at least ${2 * c} (${defaultRequests(c)} by default)`);
    }
  }
  const levels: LevelResult[] = [];
  if (o.power) await o.power.open();
  try {
    for (const c of o.concurrency) {
      const n = o.requests ?? defaultRequests(c);
      o.onProgress?.(`concurrency ${c}: ${n} requests…`);
      const lvl = await runLevel(o, c, n, prompts, maxTokens);
      levels.push(lvl);
      o.onProgress?.(
        `concurrency ${c}: ${lvl.throughputTokS.toFixed(1)} tok/s` +
          (lvl.jPerOutputToken ? `, ${lvl.jPerOutputToken.value.toPrecision(3)} J/token` : '') +
          ` (window ${lvl.window.durationS.toFixed(1)} s)`,
      );
    }
  } finally {
    if (o.power) await o.power.close();
  }
  return {
    kind: 'endpoint-profile',
    url: o.url,
    model: o.model,
    measuredAt: new Date().toISOString(),
    boundary: 'gpu',
    power: o.powerDecision,
    maxTokens,
    levels,
    method:
      'ML.ENERGY steady-state window: from the c-th first token of the first wave to the (N−c)-th completion; GPU energy / output tokens in the window',
  };
}
