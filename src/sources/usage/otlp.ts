/**
 * OTLP-JSON trace exports (ExportTraceServiceRequest, as the OpenTelemetry Collector file exporter writes them,
 * one per line; a single pretty-printed document also works). Spans that carry OpenTelemetry GenAI attributes
 * become usage events; other spans are not usage and are counted apart. Old and new attribute names are both read
 * (`gen_ai.system` / `gen_ai.provider.name`, `prompt_tokens` / `input_tokens`): semantic conventions for GenAI are
 * still in Development status (open-telemetry/semantic-conventions-genai, docs/registry/attributes/gen-ai.md).
 */
import type { ParsedRecord } from './event.js';
import { RecordError, normalizeObject } from './normalize.js';

interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface KeyValue {
  key: string;
  value?: AnyValue;
}

/** OTel `gen_ai.provider.name` well-known values → tokenprint provider ids. */
const PROVIDER_NAMES: Record<string, string> = {
  openai: 'openai',
  'azure.ai.openai': 'azure-openai',
  'az.ai.openai': 'azure-openai',
  'azure.ai.inference': 'azure-openai',
  anthropic: 'anthropic',
  'aws.bedrock': 'aws-bedrock',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  vertex_ai: 'google',
  gemini: 'google',
  mistral_ai: 'mistral',
  cohere: 'cohere',
  together: 'together',
  together_ai: 'together',
};

export function otelProvider(name: string): string {
  const k = name.trim().toLowerCase();
  return PROVIDER_NAMES[k] ?? k;
}

function valueOf(v: AnyValue | undefined): unknown {
  if (!v || typeof v !== 'object') return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  return undefined;
}

function attrs(list: unknown): Map<string, unknown> {
  const m = new Map<string, unknown>();
  if (Array.isArray(list)) for (const kv of list as KeyValue[]) if (kv && typeof kv.key === 'string') m.set(kv.key, valueOf(kv.value));
  return m;
}

function first(m: Map<string, unknown>, ...keys: string[]): unknown {
  for (const k of keys) {
    const v = m.get(k);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

export interface OtlpResult {
  readonly records: ParsedRecord[];
  /** Spans without GenAI usage attributes (not usage records). */
  readonly ignoredSpans: number;
}

/** Turns one parsed ExportTraceServiceRequest into records; every span reports the document's line. */
export function spansToRecords(doc: unknown, line: number): OtlpResult {
  const records: ParsedRecord[] = [];
  let ignoredSpans = 0;
  const d = doc as { resourceSpans?: unknown };
  if (typeof doc !== 'object' || doc === null || !Array.isArray(d.resourceSpans)) {
    return { records: [{ ok: false, line, reason: 'not an OTLP trace export (no resourceSpans array)', raw: '' }], ignoredSpans };
  }
  for (const rs of d.resourceSpans as { resource?: { attributes?: unknown }; scopeSpans?: unknown }[]) {
    const res = attrs(rs?.resource?.attributes);
    const scopes = Array.isArray(rs?.scopeSpans) ? (rs.scopeSpans as { spans?: unknown }[]) : [];
    for (const ss of scopes) {
      const spans = Array.isArray(ss?.spans) ? (ss.spans as Record<string, unknown>[]) : [];
      for (const span of spans) {
        const a = attrs(span?.attributes);
        const model = first(a, 'gen_ai.response.model', 'gen_ai.request.model');
        const inTok = first(a, 'gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens');
        const outTok = first(a, 'gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens');
        if (model === undefined && inTok === undefined && outTok === undefined) {
          ignoredSpans++;
          continue;
        }
        const raw = JSON.stringify(span).slice(0, 2000);
        try {
          const reasoning = first(a, 'gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.reasoning_tokens');
          // OTel output_tokens include reasoning tokens, as usage events do.
          const out = outTok;
          const start = Number(span.startTimeUnixNano);
          const end = Number(span.endTimeUnixNano);
          const provider = first(a, 'gen_ai.provider.name', 'gen_ai.system');
          const fields: Record<string, unknown> = {
            id: first(a, 'gen_ai.response.id') ?? (span.traceId && span.spanId ? `${String(span.traceId)}:${String(span.spanId)}` : undefined),
            timestamp: span.startTimeUnixNano,
            model,
            provider: typeof provider === 'string' ? otelProvider(provider) : provider,
            deployment: first(a, 'tokenprint.deployment'),
            region: first(a, 'tokenprint.region'),
            input_tokens: inTok,
            cached_input_tokens: first(a, 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cached_tokens'),
            output_tokens: out,
            reasoning_tokens: reasoning,
            latency_ms: Number.isFinite(start) && Number.isFinite(end) && end >= start ? (end - start) / 1e6 : undefined,
            team: first(a, 'tokenprint.team') ?? first(res, 'tokenprint.team', 'team'),
            app: first(a, 'tokenprint.app') ?? first(res, 'service.name'),
          };
          records.push({ ok: true, line, event: normalizeObject(fields), raw });
        } catch (e) {
          if (e instanceof RecordError) records.push({ ok: false, line, reason: e.message, raw });
          else throw e;
        }
      }
    }
  }
  return { records, ignoredSpans };
}
