/**
 * An OpenTelemetry span processor: when a span with GenAI attributes (`gen_ai.*`, OpenTelemetry GenAI semantic
 * conventions, old and new names) ends, it gets `tokenprint.*` attributes (energy, carbon, water with low/high, the
 * method tier) and the totals are added to counters through the OTel metrics API, so any backend can chart them.
 *
 * Attributes are written in `onEnding` (sdk-trace-base ≥ 2.x: the span is still writable and no exporter has seen it
 * yet, whatever the processor order). On SDKs without `onEnding`, `onEnd` adds them to the ended span's attribute
 * object; register this processor before the exporting one there.
 *
 * Only model-call spans are estimated (`gen_ai.operation.name` chat / text_completion / generate_content, or no
 * operation name); agent and workflow spans, which repeat their children's usage, are skipped so totals are not
 * counted twice. Imported: `@opentelemetry/api` (the peer an OTel user already has); the SDK only as types.
 */
import { metrics, type Attributes, type AttributeValue, type Counter, type Meter, type MeterProvider } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Context } from '@opentelemetry/api';
import type { CallEstimate } from '../estimate/call-estimate.js';
import { type FootprintOptions, footprintFor, newEstimatorCache } from './footprint.js';

export type { CallEstimate } from '../estimate/call-estimate.js';

export interface SpanProcessorOptions extends Omit<FootprintOptions, 'provider'> {
  /** Meter provider for the counters; default: the global one (`metrics.getMeterProvider()`). */
  readonly meterProvider?: MeterProvider;
  /** Provider to assume when a span names none. */
  readonly defaultProvider?: string;
}

const MODEL_CALL_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'completion', 'responses']);

function first(a: Attributes, keys: readonly string[]): AttributeValue | undefined {
  for (const k of keys) {
    const v = a[k];
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

function num(v: AttributeValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** The call a span describes, read from GenAI attributes (new names first, then the pre-1.37 ones). */
export function callFromAttributes(a: Attributes): {
  provider?: string;
  model?: string;
  usage?: { inputTokens?: number; cachedInputTokens?: number; outputTokens?: number; reasoningTokens?: number };
  isModelCall: boolean;
} {
  const op = first(a, ['gen_ai.operation.name']);
  const provider = first(a, ['gen_ai.provider.name', 'gen_ai.system']);
  const model = first(a, ['gen_ai.response.model', 'gen_ai.request.model']);
  const input = num(first(a, ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens']));
  const output = num(first(a, ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens']));
  const cached = num(first(a, ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens']));
  const reasoning = num(first(a, ['gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.reasoning_tokens']));
  const hasGenAi = provider !== undefined || model !== undefined || input !== undefined || output !== undefined;
  const isModelCall = hasGenAi && (op === undefined || MODEL_CALL_OPERATIONS.has(String(op)));
  const any = input !== undefined || output !== undefined;
  return {
    provider: provider === undefined ? undefined : String(provider),
    model: model === undefined ? undefined : String(model),
    usage: any ? { inputTokens: input, cachedInputTokens: cached, outputTokens: output, reasoningTokens: reasoning } : undefined,
    isModelCall,
  };
}

/** The `tokenprint.*` attributes for a footprint. Units are in the names (Wh, gCO2e, mL). */
export function footprintAttributes(fp: CallEstimate): Attributes {
  const r = fp.perRequest;
  const out: Attributes = {
    'tokenprint.energy_wh': r.energyWh.value,
    'tokenprint.energy_wh_low': r.energyWh.low,
    'tokenprint.energy_wh_high': r.energyWh.high,
    'tokenprint.carbon_g': r.carbonG.location.value,
    'tokenprint.carbon_g_low': r.carbonG.location.low,
    'tokenprint.carbon_g_high': r.carbonG.location.high,
    'tokenprint.carbon_market_g': r.carbonG.market.value,
    'tokenprint.water_ml': r.waterMl.value,
    'tokenprint.water_ml_low': r.waterMl.low,
    'tokenprint.water_ml_high': r.waterMl.high,
    'tokenprint.embodied_carbon_g': r.embodiedCarbonG.value,
    'tokenprint.method': fp.method,
    'tokenprint.estimator': fp.estimator,
    'tokenprint.boundary': fp.boundary,
    'tokenprint.provider': fp.provider,
    'tokenprint.model': fp.model,
    'tokenprint.estimated_architecture': fp.estimatedArchitecture,
  };
  if (fp.fallback) out['tokenprint.fallback'] = fp.fallback;
  if (fp.missingUsage) out['tokenprint.missing_usage'] = true;
  return out;
}

function durationMs(span: { duration?: [number, number] }): number | undefined {
  const d = span.duration;
  if (!d || d[0] < 0) return undefined;
  return d[0] * 1e3 + d[1] / 1e6;
}

export class TokenprintSpanProcessor implements SpanProcessor {
  private readonly opts: SpanProcessorOptions;
  private readonly estimators = newEstimatorCache();
  private readonly meter: Meter;
  private readonly energy: Counter;
  private readonly carbon: Counter;
  private readonly water: Counter;
  private readonly calls: Counter;
  private readonly done = new WeakSet<object>();

  constructor(opts: SpanProcessorOptions = {}) {
    this.opts = opts;
    this.meter = (opts.meterProvider ?? metrics.getMeterProvider()).getMeter('tokenprint');
    this.energy = this.meter.createCounter('tokenprint.energy', { unit: 'Wh', description: 'Estimated energy of LLM calls (central value)' });
    this.carbon = this.meter.createCounter('tokenprint.carbon', {
      unit: 'g',
      description: 'Estimated location-based operational carbon of LLM calls, gCO2e (central value)',
    });
    this.water = this.meter.createCounter('tokenprint.water', { unit: 'mL', description: 'Estimated water consumed by LLM calls (central value)' });
    this.calls = this.meter.createCounter('tokenprint.calls', { unit: '{call}', description: 'LLM calls estimated by tokenprint' });
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    const attrs = this.estimate(span);
    if (attrs) span.setAttributes(attrs);
  }

  onEnd(span: ReadableSpan): void {
    if (this.done.has(span)) return;
    const attrs = this.estimate(span);
    // SDKs without onEnding: the ended span's attribute object is what exporters read.
    if (attrs && Object.isExtensible(span.attributes)) Object.assign(span.attributes, attrs);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** Never throws: an error here would escape from the application's `span.end()`; it goes to `onError` instead. */
  private estimate(span: ReadableSpan | Span): Attributes | undefined {
    if (this.done.has(span)) return undefined;
    this.done.add(span);
    try {
      return this.estimateUnguarded(span);
    } catch (e) {
      try {
        this.opts.onError?.(e);
      } catch {
        // The caller's error handler failing must not break span.end() either.
      }
      return undefined;
    }
  }

  private estimateUnguarded(span: ReadableSpan | Span): Attributes | undefined {
    const a = (span as ReadableSpan).attributes;
    if (!a || a['tokenprint.energy_wh'] !== undefined) return undefined;
    const call = callFromAttributes(a);
    if (!call.isModelCall) return undefined;
    const provider = call.provider ?? this.opts.defaultProvider ?? 'unknown';
    const region = typeof a['tokenprint.region'] === 'string' ? a['tokenprint.region'] : this.opts.region;
    const fp = footprintFor(provider, call.model, call.usage, durationMs(span as ReadableSpan), { ...this.opts, region }, this.estimators);
    if (!fp) return undefined;
    const labels: Attributes = {
      'gen_ai.provider.name': fp.provider,
      'gen_ai.request.model': fp.model,
      'tokenprint.method': fp.method,
      'tokenprint.boundary': fp.boundary,
    };
    this.energy.add(fp.perRequest.energyWh.value, labels);
    this.carbon.add(fp.perRequest.carbonG.location.value, labels);
    this.water.add(fp.perRequest.waterMl.value, labels);
    this.calls.add(1, fp.missingUsage ? { ...labels, 'tokenprint.missing_usage': true } : labels);
    return footprintAttributes(fp);
  }
}
