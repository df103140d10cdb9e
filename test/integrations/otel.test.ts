/** The span processor with the real OTel SDK: in-memory span exporter and an in-memory metric reader. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { TokenprintSpanProcessor, callFromAttributes } from '../../src/integrations/otel.js';
import { estimateCall } from '../../src/estimate/call-estimate.js';

class InMemoryReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function setup() {
  const exporter = new InMemorySpanExporter();
  const reader = new InMemoryReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  // The exporting processor first: onEnding still runs before any onEnd, so order does not matter.
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter), new TokenprintSpanProcessor({ meterProvider })],
  });
  return { exporter, reader, tracer: tracerProvider.getTracer('test') };
}

function sums(rm: ResourceMetrics): Record<string, number> {
  const out: Record<string, number> = {};
  for (const sm of rm.scopeMetrics)
    for (const m of sm.metrics) out[m.descriptor.name] = m.dataPoints.reduce((s, p) => s + (p.value as number), 0);
  return out;
}

test('GenAI spans get tokenprint.* attributes with ranges; counters add up', async () => {
  const { exporter, reader, tracer } = setup();
  // New semantic-convention names…
  const a = tracer.startSpan('chat gpt-4o', {
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.cache_read.input_tokens': 1024,
      'gen_ai.usage.output_tokens': 350,
    },
  });
  a.end();
  // …and the older ones (gen_ai.system, prompt/completion tokens).
  const b = tracer.startSpan('chat claude', {
    attributes: {
      'gen_ai.system': 'anthropic',
      'gen_ai.request.model': 'claude-3-5-haiku-20241022',
      'gen_ai.usage.prompt_tokens': 400,
      'gen_ai.usage.completion_tokens': 120,
    },
  });
  b.end();
  // Not a GenAI span, and an agent span that repeats its children's usage: both untouched.
  tracer.startSpan('GET /health').end();
  tracer.startSpan('invoke_agent planner', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.usage.input_tokens': 1600 } }).end();

  const spans = exporter.getFinishedSpans();
  assert.equal(spans.length, 4);
  const [sa, sb, sh, sg] = spans;
  const wantA = estimateCall({ provider: 'openai', model: 'gpt-4o-2024-08-06', inputTokens: 1200, cachedInputTokens: 1024, outputTokens: 350 });
  assert.equal(sa.attributes['tokenprint.energy_wh'], wantA.perRequest.energyWh.value);
  assert.equal(sa.attributes['tokenprint.energy_wh_low'], wantA.perRequest.energyWh.low);
  assert.equal(sa.attributes['tokenprint.energy_wh_high'], wantA.perRequest.energyWh.high);
  assert.equal(sa.attributes['tokenprint.carbon_g'], wantA.perRequest.carbonG.location.value);
  assert.equal(sa.attributes['tokenprint.water_ml'], wantA.perRequest.waterMl.value);
  assert.equal(sa.attributes['tokenprint.method'], 'modeled:provider');
  assert.equal(sa.attributes['tokenprint.estimated_architecture'], true);
  assert.equal(sb.attributes['tokenprint.provider'], 'anthropic');
  assert.equal(sb.attributes['tokenprint.model'], 'claude-3-5-haiku');
  assert.equal(sh.attributes['tokenprint.energy_wh'], undefined);
  assert.equal(sg.attributes['tokenprint.energy_wh'], undefined);

  const { resourceMetrics } = await reader.collect();
  const s = sums(resourceMetrics);
  assert.equal(s['tokenprint.calls'], 2);
  const total = (sa.attributes['tokenprint.energy_wh'] as number) + (sb.attributes['tokenprint.energy_wh'] as number);
  assert.ok(Math.abs(s['tokenprint.energy'] - total) < 1e-12 * total);
  assert.ok(s['tokenprint.carbon'] > 0 && s['tokenprint.water'] > 0);
});

test('a GenAI span without usage is flagged, not invented; unknown models fall back, flagged', () => {
  const { exporter, tracer } = setup();
  tracer.startSpan('chat', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o' } }).end();
  tracer
    .startSpan('chat', {
      attributes: { 'gen_ai.provider.name': 'mistral_ai', 'gen_ai.request.model': 'mistral-tiny-9000', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5 },
    })
    .end();
  const [noUsage, unknown] = exporter.getFinishedSpans();
  assert.equal(noUsage.attributes['tokenprint.missing_usage'], true);
  assert.equal(noUsage.attributes['tokenprint.energy_wh'], 0);
  assert.match(String(unknown.attributes['tokenprint.fallback']), /mistral class default/);
});

test('attribute reading accepts both generations of names', () => {
  const c = callFromAttributes({ 'gen_ai.system': 'openai', 'gen_ai.request.model': 'o3', 'gen_ai.usage.completion_tokens': '42' });
  assert.equal(c.provider, 'openai');
  assert.equal(c.usage?.outputTokens, 42);
  assert.equal(c.isModelCall, true);
  assert.equal(callFromAttributes({ 'http.method': 'GET' }).isModelCall, false);
});

test('the processor never throws out of span.end(): a failing meter is reported to onError', () => {
  const exporter = new InMemorySpanExporter();
  const errors: unknown[] = [];
  const broken = {
    getMeter: () => ({
      createCounter: () => ({
        add: () => {
          throw new Error('meter down');
        },
      }),
    }),
  } as unknown as ConstructorParameters<typeof MeterProvider>[0] & { getMeter: MeterProvider['getMeter'] };
  const tracer = new BasicTracerProvider({
    spanProcessors: [new TokenprintSpanProcessor({ meterProvider: broken, onError: (e) => errors.push(e) }), new SimpleSpanProcessor(exporter)],
  }).getTracer('t');
  const span = tracer.startSpan('chat', {
    attributes: { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5 },
  });
  assert.doesNotThrow(() => span.end());
  assert.equal(exporter.getFinishedSpans().length, 1);
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]), /meter down/);
});
