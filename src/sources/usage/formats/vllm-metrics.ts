/**
 * vLLM Prometheus metrics scraped over time: the text exposition format (`GET /metrics` on a vLLM OpenAI-compatible
 * server), several scrapes one after the other, each sample with its timestamp (ms since the epoch, the exposition
 * format's optional third field) or after a `# scrape <ISO-8601 time>` line that dates the samples below it
 * (`while sleep 300; do echo "# scrape $(date -u +%FT%TZ)"; curl -s http://vllm:8000/metrics; done >> vllm.prom`).
 * Counters used (https://docs.vllm.ai/en/stable/usage/metrics/, vllm-project/vllm docs/design/metrics.md):
 * `vllm:prompt_tokens_total` (prefill tokens), `vllm:generation_tokens_total` (generated tokens),
 * `vllm:request_success_total` (finished requests, one series per `finished_reason`, summed) and, when present,
 * `vllm:prefix_cache_hits_total` (V1) or `vllm:gpu_prefix_cache_hits_total` (prompt tokens served from the prefix
 * cache). Series are grouped by `model_name` (and `instance`, `job` where a Prometheus server added them).
 *
 * Each pair of consecutive scrapes of a group is a window; its bucket holds the counters' increase. A counter lower
 * than at the previous scrape was reset (the server restarted): its increase is its new value (what it counted since
 * the restart; what it counted between the previous scrape and the restart is lost, as in Prometheus' `increase()`).
 * A window with tokens but no finished request (a long request still running) is merged into the next one, so
 * tokens and requests stay together; windows with no traffic are not usage (counted as ignored). Token convention:
 * prompt tokens include the cached ones; generation tokens include reasoning (vLLM counts no reasoning separately).
 * The buckets are self-hosted usage: the ledger joins `model_name` to a deployment of tokenprint.yaml (its name, else
 * its model), or to `ingest --deployment NAME`, so the footprint uses that deployment's physics.
 */
import { RecordError } from '../normalize.js';
import { aggregateKey, type ParsedAggregate } from '../aggregate.js';
import { readLines } from '../lines.js';
import type { ParsedRecord } from '../event.js';
import { MAX_LINE_BYTES } from '../event.js';
import { oversized } from '../read-json.js';
import type { RecordBatch, UsageReader } from '../usage-reader.js';
import type { Sniff } from '../sniff.js';
import type { AggregateWriter, BucketTotals } from '../bucket-writer.js';

type Counter = 'input' | 'output' | 'requests' | 'cached';
const COUNTERS: Readonly<Record<string, Counter>> = {
  'vllm:prompt_tokens_total': 'input',
  'vllm:generation_tokens_total': 'output',
  'vllm:request_success_total': 'requests',
  'vllm:prefix_cache_hits_total': 'cached',
  'vllm:gpu_prefix_cache_hits_total': 'cached',
};
/** Labels that tell one server apart (the rest, `finished_reason`, `engine`…, are summed). */
const GROUP_LABELS = ['model_name', 'instance', 'job'] as const;

const SAMPLE = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?\s*$/;
const LABEL = /([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const SCRAPE = /^#\s*scrape\s+(\S+)\s*$/;

/** One scrape of one group: counter values by series, and the line it starts on. */
interface Scrape {
  readonly tMs: number;
  readonly line: number;
  readonly series: Map<string, { counter: Counter; value: number }>;
}

/** Increases of one group since its last emitted window (kept while no request has finished). */
interface Pending {
  startMs: number;
  input: number;
  output: number;
  requests: number;
  cached: number;
}

interface Group {
  readonly labels: Record<string, string>;
  prev?: Scrape;
  cur?: Scrape;
  pending?: Pending;
}

function labelsOf(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === undefined) return out;
  for (const m of text.matchAll(LABEL)) out[m[1]] = m[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  return out;
}

function timeOf(v: string): number {
  const ms = /^\d{10,16}$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms)) throw new RecordError(`# scrape: '${v.slice(0, 40)}' is not a time (ISO-8601 or epoch ms)`);
  return ms;
}

/** Streams scrapes into windows; `emit` receives each bucket (or refusal). */
class WindowBuilder {
  private readonly groups = new Map<string, Group>();
  constructor(
    private readonly emit: (a: ParsedAggregate | ParsedRecord) => void,
    /** The line of a window that counted nothing (no increase): not usage, counted as ignored. */
    private readonly ignore: (line: number) => void,
  ) {}

  sample(name: string, labels: Record<string, string>, value: number, tMs: number, line: number): void {
    const counter = COUNTERS[name];
    const model = labels.model_name;
    if (model === undefined || model === '') throw new RecordError(`${name}: no model_name label (vLLM labels every series with the served model name)`);
    const gl: Record<string, string> = {};
    for (const k of GROUP_LABELS) if (labels[k] !== undefined) gl[k] = labels[k];
    const gk = JSON.stringify(gl);
    let g = this.groups.get(gk);
    if (g === undefined) this.groups.set(gk, (g = { labels: gl }));
    if (g.cur !== undefined && tMs < g.cur.tMs) throw new RecordError(`sample at ${new Date(tMs).toISOString()} is older than the scrape before it (${new Date(g.cur.tMs).toISOString()}): scrapes must be in time order`);
    if (g.cur === undefined || tMs > g.cur.tMs) {
      if (g.cur !== undefined) this.close(g, g.cur);
      g.cur = { tMs, line, series: new Map() };
    }
    const sk = name + '{' + Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',') + '}';
    g.cur.series.set(sk, { counter, value });
  }

  /** A group's scrape is complete: the window since its previous scrape becomes (part of) a bucket. */
  private close(g: Group, s: Scrape): void {
    const p = g.prev;
    g.prev = s;
    if (p === undefined) return; // the first scrape is the baseline
    const d: Pending = g.pending ?? { startMs: p.tMs, input: 0, output: 0, requests: 0, cached: 0 };
    for (const [k, v] of s.series) {
      const before = p.series.get(k)?.value;
      // A new series counts from 0; a lower value is a reset: the increase is what it counted since.
      d[v.counter] += before === undefined || v.value < before ? v.value : v.value - before;
    }
    if (d.input === 0 && d.output === 0 && d.requests === 0) {
      g.pending = undefined;
      this.ignore(s.line);
      return;
    }
    if (d.requests === 0) {
      g.pending = d; // tokens of requests still running: carried into the next window
      return;
    }
    g.pending = undefined;
    this.bucket(g, d, s.tMs, s.line, d.requests);
  }

  private bucket(g: Group, d: Pending, endMs: number, line: number, requests: number | undefined): void {
    const model = g.labels.model_name;
    const raw = `vLLM ${JSON.stringify(g.labels)} ${new Date(d.startMs).toISOString()}–${new Date(endMs).toISOString()}`;
    const input = Math.round(d.input);
    const cached = Math.min(Math.round(d.cached), input);
    this.emit({
      ok: true,
      line,
      raw,
      aggregate: {
        key: aggregateKey('vllm', d.startMs, endMs, g.labels, model),
        startMs: d.startMs,
        endMs,
        provider: 'self-hosted',
        model,
        deployment: model,
        requests,
        inputTokens: input,
        cachedInputTokens: cached,
        outputTokens: Math.round(d.output),
        reasoningTokens: 0,
        groups: g.labels,
      },
    });
  }

  /**
   * The first line a bucket still to come may carry: each group's open scrape, and its previous scrape while tokens
   * wait for a finished request (end() books them on that line); Infinity when none is open.
   */
  firstOpenLine(): number {
    let min = Infinity;
    for (const g of this.groups.values()) {
      if (g.cur !== undefined && g.cur.line < min) min = g.cur.line;
      if (g.pending !== undefined && g.prev !== undefined && g.prev.line < min) min = g.prev.line;
    }
    return min;
  }

  /** End of the input: the last scrapes close; tokens still waiting for a finished request are booked uncounted. */
  end(): void {
    for (const g of this.groups.values()) {
      if (g.cur !== undefined) this.close(g, g.cur);
      g.cur = undefined;
      if (g.pending !== undefined && g.prev !== undefined) this.bucket(g, g.pending, g.prev.tMs, g.prev.line, undefined);
      g.pending = undefined;
    }
  }
}

function isVllmText(lines: readonly string[]): boolean {
  return lines.some((l) => /^(#\s*(HELP|TYPE)\s+)?vllm:[A-Za-z_:]+/.test(l.trim()));
}

/** The sample month as hourly scrapes of each deployment's server (model_name = the deployment's name). */
const writer: AggregateWriter = {
  extension: 'prom',
  windowMs: 3_600_000,
  represents: (e) => e.provider === 'self-hosted' && e.deployment !== undefined,
  drops: ['reasoningTokens'],
  lines(buckets) {
    const out: string[] = [];
    const by = new Map<string, BucketTotals[]>();
    for (const b of buckets) {
      const k = b.deployment ?? b.model;
      by.set(k, [...(by.get(k) ?? []), b]);
    }
    const first = Math.min(...buckets.map((b) => b.startMs));
    const last = Math.max(...buckets.map((b) => b.endMs));
    const total = new Map<string, { input: number; output: number; requests: number; cached: number }>();
    for (const k of by.keys()) total.set(k, { input: 0, output: 0, requests: 0, cached: 0 });
    // Hour sums per deployment; each server restarts once, mid-period, right after a scrape (counters from 0 again).
    const hours = new Map<string, Map<number, { input: number; output: number; requests: number; cached: number }>>();
    for (const [k, list] of by) {
      const m = new Map<number, { input: number; output: number; requests: number; cached: number }>();
      for (const b of list) {
        const h = m.get(b.startMs) ?? { input: 0, output: 0, requests: 0, cached: 0 };
        h.input += b.inputTokens;
        h.output += b.outputTokens;
        h.requests += b.requests;
        h.cached += b.cachedInputTokens;
        m.set(b.startMs, h);
      }
      hours.set(k, m);
    }
    const restart = first + Math.floor((last - first) / 7_200_000) * 3_600_000;
    for (let t = first; t <= last; t += 3_600_000) {
      out.push(`# scrape ${new Date(t).toISOString()}`);
      for (const [k, c] of total) {
        if (t === restart) c.input = c.output = c.requests = c.cached = 0;
        const h = hours.get(k)?.get(t - 3_600_000);
        if (h !== undefined && t !== first) {
          c.input += h.input;
          c.output += h.output;
          c.requests += h.requests;
          c.cached += h.cached;
        }
        const l = `model_name="${k}"`;
        out.push(
          `vllm:prompt_tokens_total{${l}} ${c.input}.0`,
          `vllm:generation_tokens_total{${l}} ${c.output}.0`,
          `vllm:request_success_total{finished_reason="stop",${l}} ${c.requests}.0`,
          `vllm:prefix_cache_hits_total{${l}} ${c.cached}.0`,
        );
      }
    }
    out.unshift('# HELP vllm:prompt_tokens_total Number of prefill tokens processed.', '# TYPE vllm:prompt_tokens_total counter');
    return out;
  },
};

export const vllmMetricsReader: UsageReader = {
  format: 'vllm-metrics',
  title: 'vLLM Prometheus metrics scraped over time (text exposition format, timestamped scrapes)',
  kind: 'aggregate',
  aggregateWriter: writer,
  detect(s: Sniff): boolean {
    if (s.layout === 'text') return isVllmText(s.lines);
    if (s.layout === 'csv') return isVllmText([s.header.join(',')]);
    return false;
  },
  async *read(path, o): AsyncGenerator<RecordBatch> {
    // Streamed batch by batch (one per chunk of lines, constant memory but for the scrapes still open). A window needs
    // the scrape before it, so the file is always read from line 1 and a resumed ingest only drops what is at or
    // before its checkpoint; a batch's checkpoint (lastLine) stops before the first line a bucket still to come may
    // carry, and what lies after it (refusals, blank lines, buckets) waits for a later batch, so nothing is booked
    // twice or lost when an ingest stops between batches.
    const skip = o.skipLines ?? 0;
    // What the reader found, by line, until a batch takes it: refusals, buckets, blank lines, windows that counted nothing.
    let records: ParsedRecord[] = [];
    let aggregates: ParsedAggregate[] = [];
    let blanks: number[] = [];
    let ignored: number[] = [];
    let reported = 0;
    /** The items up to `upTo` (after the resume point, for this batch) and those after it (kept for a later one). */
    const cut = <T>(xs: T[], lineOf: (x: T) => number, upTo: number): [T[], T[]] => [xs.filter((x) => lineOf(x) <= upTo && lineOf(x) > skip), xs.filter((x) => lineOf(x) > upTo)];
    const byLine = (x: { line: number }) => x.line;
    const itself = (l: number) => l;
    /** Everything up to `upTo` as one batch. */
    const take = (upTo: number): RecordBatch => {
      const [r, rKeep] = cut(records, byLine, upTo);
      const [a, aKeep] = cut(aggregates, byLine, upTo);
      const [bl, blKeep] = cut(blanks, itself, upTo);
      const [ig, igKeep] = cut(ignored, itself, upTo);
      [records, aggregates, blanks, ignored, reported] = [rKeep, aKeep, blKeep, igKeep, upTo];
      return { records: r, lastLine: upTo, ignoredSpans: ig.length, aggregates: a, blankLines: bl.length };
    };
    const b = new WindowBuilder((a) => {
      if (a.ok && 'aggregate' in a) aggregates.push(a);
      else records.push(a as ParsedRecord);
    }, (line) => ignored.push(line));
    const max = o.maxLineBytes ?? MAX_LINE_BYTES;
    let scrapeMs: number | undefined;
    let lastLine = 0;
    for await (const batch of readLines(path, { gzip: o.gzip, maxLineBytes: max, skipLines: 0 })) {
      for (let i = 0; i < batch.lines.length; i++) {
        const line = batch.firstLine + i;
        lastLine = line;
        const t = batch.lines[i];
        if (t === null) {
          records.push(oversized(line, max));
          continue;
        }
        const s = t.trim();
        if (s === '') {
          blanks.push(line);
          continue;
        }
        try {
          if (s.startsWith('#')) {
            const m = SCRAPE.exec(s);
            if (m !== null) scrapeMs = timeOf(m[1]);
            continue;
          }
          const m = SAMPLE.exec(s);
          if (m === null) throw new RecordError('not a Prometheus sample line (name{labels} value [timestamp])');
          if (COUNTERS[m[1]] === undefined) continue; // other metrics (gauges, histograms) are not usage counts
          const value = Number(m[3]);
          if (!Number.isFinite(value) || value < 0) throw new RecordError(`${m[1]}: '${m[3].slice(0, 40)}' is not a counter value`);
          const tMs = m[4] !== undefined ? Number(m[4]) : scrapeMs;
          if (tMs === undefined) throw new RecordError(`${m[1]}: no timestamp (give each sample its timestamp, or write '# scrape <time>' before each scrape)`);
          b.sample(m[1], labelsOf(m[2]), value, tMs, line);
        } catch (e) {
          if (!(e instanceof RecordError)) throw e;
          records.push({ ok: false, line, reason: e.message, raw: t.slice(0, 1000) });
        }
      }
      const safe = Math.min(lastLine, b.firstOpenLine() - 1);
      if (safe > reported && safe > skip) yield take(safe);
    }
    b.end();
    if (lastLine > skip) yield take(lastLine);
  },
};
