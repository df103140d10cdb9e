/**
 * The usage-reader registry: structural detection, each format's fixture (written from the provider's documented
 * shape) read with its token convention, and a property that the same requests written as our JSONL and as each
 * format read back to the same totals (no format double-counts cached or reasoning tokens).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../helpers/property-seed.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readUsage } from '../../../src/sources/usage/reader.js';
import { detectFormat, detectFromHead } from '../../../src/sources/usage/detect.js';
import { USAGE_READERS } from '../../../src/sources/usage/formats/registry.js';
import { sniffHead, parsePrefix } from '../../../src/sources/usage/sniff.js';
import type { ParsedRecord, UsageEvent } from '../../../src/sources/usage/event.js';

const FIX = 'test/fixtures/usage';

async function readAll(path: string, format?: string) {
  const recs: ParsedRecord[] = [];
  let ignored = 0;
  let lastLine = 0;
  for await (const b of readUsage(path, format ? { format } : {})) {
    recs.push(...b.records);
    ignored += b.ignoredSpans;
    lastLine = b.lastLine;
  }
  const events = recs.flatMap((r) => (r.ok ? [r.event] : []));
  const rejects = recs.flatMap((r) => (r.ok ? [] : [{ line: r.line, reason: r.reason }]));
  return { recs, events, rejects, ignored, lastLine };
}

test('detection is by structure: each fixture is its format, a nested "resourceSpans" key is not OTLP', async () => {
  const expect: Record<string, string> = {
    'bedrock-invocations.jsonl': 'bedrock',
    'litellm-spendlogs.csv': 'litellm',
    'litellm-spendlogs.json': 'litellm',
    'litellm-payload.jsonl': 'litellm-payload',
    'langfuse-observations.json': 'langfuse',
    'jsonl-quoting-otlp.jsonl': 'jsonl',
    'helicone-export.json': 'helicone',
    'helicone-export.csv': 'helicone',
    'vertex-inference-metadata.jsonl': 'vertex',
  };
  for (const [f, fmt] of Object.entries(expect)) assert.equal((await detectFormat(join(FIX, f))).format, fmt, f);
  assert.equal((await detectFormat('examples/otlp-traces.json')).format, 'otlp');
  assert.equal((await detectFormat('examples/usage-sample.csv')).format, 'csv');
  // The regression: the key inside a prompt or a nested object used to make the whole file OTLP.
  assert.equal(detectFromHead('{"id":"a","prompt":"{\\"resourceSpans\\": []}","tags":{"resourceSpans":"x"}}\n'), 'jsonl');
  assert.equal(detectFromHead('{"resourceSpans":[]}'), 'otlp');
  assert.equal(detectFromHead('{\n  "resourceSpans": ['), 'otlp');
  assert.equal(detectFromHead('{\n  "note": "\\"resourceSpans\\": [",\n  "data": ['), 'jsonl');
});

test('a truncated head parses as far as it goes', () => {
  assert.deepEqual(parsePrefix('{"a": 1, "b": [1, 2, {"c": "x'), { a: 1, b: [1, 2, { c: undefined }] });
  assert.deepEqual(parsePrefix('[{"x": true}, {"y": nul'), [{ x: true }, { y: undefined }]);
  const s = sniffHead('{"a":1}\n{"b":2}\n');
  assert.equal(s?.layout, 'lines');
  assert.equal(sniffHead('\n\n'), undefined);
});

test('bedrock: input = uncached + cache read + cache write, cached = cache read; failed invocations are refused with the error code', async () => {
  const r = await readAll(join(FIX, 'bedrock-invocations.jsonl'));
  assert.equal(r.events.length, 2);
  const [a, b] = r.events;
  assert.equal(a.id, '915a6a04-3f83-4c70-a277-7fbf7ea546b3');
  assert.equal(a.provider, 'aws-bedrock');
  assert.equal(a.model, 'anthropic.claude-3-haiku-20240307-v1:0');
  assert.equal(a.region, 'aws:us-east-1');
  assert.deepEqual([a.inputTokens, a.cachedInputTokens, a.outputTokens, a.latencyMs], [35, 0, 446, 3640]);
  assert.equal(a.tags?.['aws.arn'], 'arn:aws:sts::123456789012:assumed-role/support-bot/session-1');
  // inferenceRegion (where it ran) wins over the calling region.
  assert.equal(b.region, 'aws:eu-west-1');
  assert.deepEqual([b.inputTokens, b.cachedInputTokens, b.outputTokens], [200 + 1800 + 1000, 1800, 300]);
  assert.equal(r.rejects.length, 1);
  assert.equal(r.rejects[0].line, 3);
  assert.match(r.rejects[0].reason, /ThrottlingException/);
});

test('litellm spend logs: the CSV and JSON exports read alike; OpenAI convention, cached and reasoning from usage_object', async () => {
  const csv = await readAll(join(FIX, 'litellm-spendlogs.csv'));
  assert.equal(csv.events.length, 2);
  const [a, b] = csv.events;
  assert.deepEqual([a.id, a.provider, a.model, a.team, a.app], ['chatcmpl-a1', 'openai', 'gpt-4o-mini', 'support', 'helpdesk-bot']);
  assert.deepEqual([a.inputTokens, a.cachedInputTokens, a.outputTokens, a.reasoningTokens, a.latencyMs], [1200, 480, 220, 0, 1250]);
  assert.equal(a.timestampMs, Date.parse('2025-06-03T10:00:00.000Z'));
  assert.deepEqual([b.inputTokens, b.outputTokens, b.reasoningTokens, b.latencyMs], [3000, 1500, 900, 9000]);
  assert.deepEqual(csv.rejects.map((x) => x.line), [4]);
  assert.match(csv.rejects[0].reason, /input_tokens/);
  const json = await readAll(join(FIX, 'litellm-spendlogs.json'));
  assert.deepEqual(json.events.map((e) => [e.id, e.provider, e.inputTokens, e.cachedInputTokens, e.outputTokens]), [
    ['chatcmpl-b1', 'openai', 2500, 0, 400],
    ['msg_b2', 'anthropic', 12000, 7200, 900],
  ]);
});

test('litellm StandardLoggingPayload: epoch-second times, team alias, provider names mapped', async () => {
  const r = await readAll(join(FIX, 'litellm-payload.jsonl'));
  assert.equal(r.rejects.length, 0);
  const [a, b] = r.events;
  assert.deepEqual([a.id, a.team, a.app, a.inputTokens, a.cachedInputTokens, a.outputTokens, a.latencyMs], ['chatcmpl-c1', 'support', 'helpdesk-bot', 1200, 400, 220, 1500]);
  assert.equal(a.timestampMs, 1748944800000);
  assert.deepEqual([b.provider, b.team], ['google', 'team-2']);
});

test('langfuse: generations only; disjoint usage types summed per side; unplaceable keys refused', async () => {
  const r = await readAll(join(FIX, 'langfuse-observations.json'));
  assert.equal(r.ignored, 1, 'the SPAN observation is not usage');
  assert.equal(r.events.length, 2);
  const [a, b] = r.events;
  assert.deepEqual([a.provider, a.inputTokens, a.cachedInputTokens, a.outputTokens, a.reasoningTokens, a.latencyMs, a.team, a.app], ['openai', 1200, 400, 200, 50, 2500, 'search', 'answers']);
  assert.deepEqual([b.provider, b.inputTokens, b.cachedInputTokens, b.outputTokens], ['anthropic', 3000 + 6000 + 1000, 6000, 900]);
  assert.equal(r.rejects.length, 1);
  assert.match(r.rejects[0].reason, /usageDetails\.image_units/);
});

test('helicone: JSON and CSV exports read alike; cache counts beside prompt_tokens unless total_tokens says inside; failed requests refused', async () => {
  for (const f of ['helicone-export.json', 'helicone-export.csv']) {
    const r = await readAll(join(FIX, f));
    assert.equal(r.events.length, 2, f);
    const [a, b] = r.events;
    assert.equal(a.provider, 'openai');
    // total_tokens 1462 = 1000 + 256 + 0 + 206: the documented, disjoint reading.
    assert.deepEqual([a.inputTokens, a.cachedInputTokens, a.outputTokens, a.reasoningTokens, a.latencyMs], [1256, 256, 206, 0, 1420], f);
    assert.deepEqual([a.team, a.app, a.tags?.environment, a.tags?.['helicone.user']], ['support', 'triage-bot', 'production', 'user-381'], f);
    // total_tokens 2600 = 2000 + 600: the cache counts are already inside prompt_tokens.
    assert.equal(b.provider, 'anthropic');
    assert.deepEqual([b.inputTokens, b.cachedInputTokens, b.outputTokens], [2000, 1000, 600], f);
    assert.equal(r.rejects.length, 2, f);
    assert.match(r.rejects[0].reason, /response_status 429/);
    assert.match(r.rejects[1].reason, /total_tokens 999 matches neither/);
    assert.equal(r.recs.length, 4, `${f}: read = accepted + rejected`);
  }
});

test('vertex: input = prompt (cached inside) + tool-use prompt, output = candidates + thoughts, checked against totalTokenCount', async () => {
  const r = await readAll(join(FIX, 'vertex-inference-metadata.jsonl'));
  assert.equal(r.events.length, 4);
  const [a, b, c, d] = r.events;
  assert.deepEqual([a.provider, a.model, a.region, a.id], ['google', 'gemini-2.5-flash', 'gcp:europe-west4', 'resp-8f1c2d']);
  // 1800 + 350 + 900 = 3050 = totalTokenCount: thoughts are beside the candidates.
  assert.deepEqual([a.inputTokens, a.cachedInputTokens, a.outputTokens, a.reasoningTokens, a.latencyMs], [1800, 1024, 1250, 900, 2140]);
  assert.deepEqual([a.team, a.app, a.tags?.['gcp.project']], ['search', 'answer-engine', 'acme-ml']);
  assert.deepEqual([b.inputTokens, b.outputTokens], [400 + 120, 80]);
  // snake_case export, total 1500 = 1000 + 500: thoughts already inside the candidates, counted once.
  assert.deepEqual([c.inputTokens, c.outputTokens, c.reasoningTokens], [1000, 500, 200]);
  // Claude on Vertex: Anthropic's usage object, cache reads beside input_tokens.
  assert.deepEqual([d.provider, d.inputTokens, d.cachedInputTokens, d.outputTokens, d.region], ['anthropic', 2300, 2000, 450, 'gcp:us-east5']);
  assert.deepEqual(r.rejects.map((x) => x.line), [4, 6]);
  assert.match(r.rejects[0].reason, /totalTokenCount 999 matches neither/);
  assert.match(r.rejects[1].reason, /failed request \(error 429\)/);
});

test('every format with a writer reads back the events it wrote (the conventions invert)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-formats-'));
  try {
    const ev = fc.record({
      id: fc.stringMatching(/^[a-z0-9]{6,12}$/),
      timestampMs: fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2026-01-01T00:00:00Z') }),
      provider: fc.constantFrom('openai', 'anthropic', 'google'),
      model: fc.constantFrom('gpt-4o-mini', 'claude-sonnet-4-5', 'gemini-2.5-flash'),
      inputTokens: fc.integer({ min: 0, max: 200_000 }),
      cachedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      outputTokens: fc.integer({ min: 0, max: 20_000 }),
      reasoningShare: fc.double({ min: 0, max: 1, noNaN: true }),
      latencyMs: fc.integer({ min: 0, max: 60_000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(ev, { minLength: 1, maxLength: 30, selector: (e) => e.id }), async (raw) => {
        const events: UsageEvent[] = raw.map((e) => ({
          id: e.id,
          timestampMs: e.timestampMs,
          provider: e.provider,
          model: e.model,
          inputTokens: e.inputTokens,
          cachedInputTokens: Math.floor(e.inputTokens * e.cachedShare),
          outputTokens: e.outputTokens,
          reasoningTokens: Math.floor(e.outputTokens * e.reasoningShare),
          latencyMs: e.latencyMs,
        }));
        const totals = (es: readonly UsageEvent[]) => es.reduce((t, e) => [t[0] + 1, t[1] + e.inputTokens, t[2] + e.cachedInputTokens, t[3] + e.outputTokens, t[4] + e.reasoningTokens], [0, 0, 0, 0, 0]);
        const want = totals(events);
        for (const r of USAGE_READERS) {
          if (r.writer === undefined) continue;
          const f = join(dir, `${r.format}.txt`);
          writeFileSync(f, [...(r.writer.header ? [r.writer.header] : []), ...events.map((e) => r.writer!.line(e))].join('\n') + '\n');
          assert.equal((await detectFormat(f)).format, r.format, `${r.format} is detected from what its writer writes`);
          const got = await readAll(f);
          assert.deepEqual(got.rejects, [], r.format);
          const drops = r.writer.drops ?? [];
          const expected = [...want];
          if (drops.includes('cachedInputTokens')) expected[2] = 0;
          if (drops.includes('reasoningTokens')) expected[4] = 0;
          assert.deepEqual(totals(got.events), expected, `${r.format}: count, input, cached, output, reasoning`);
          assert.deepEqual(got.events.map((e) => e.id), events.map((e) => e.id), r.format);
        }
      }),
      { numRuns: 25 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a malformed first line of a JSONL file is refused alone, the lines after it are read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-formats-'));
  try {
    const f = join(dir, 'u.jsonl');
    writeFileSync(f, '{"id": "a", "model": \n{"id":"b","timestamp":"2025-06-01T10:00:00Z","provider":"openai","model":"gpt-4o","input_tokens":3,"output_tokens":1}\n');
    const r = await readAll(f);
    assert.deepEqual(r.events.map((e) => e.id), ['b']);
    assert.deepEqual(r.rejects.map((x) => x.line), [1]);
    assert.match(r.rejects[0].reason, /malformed JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an explicit --format reads a file its content would not pick, and an unknown one is a usage error', async () => {
  const r = await readAll(join(FIX, 'jsonl-quoting-otlp.jsonl'), 'jsonl');
  assert.equal(r.events.length, 2);
  await assert.rejects(() => readAll(join(FIX, 'jsonl-quoting-otlp.jsonl'), 'nope'), /unknown format 'nope'/);
});
