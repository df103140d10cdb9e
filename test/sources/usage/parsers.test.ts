/**
 * Usage parsers against garbage and edge cases (fast-check): they never throw, every line is either an event or a
 * reject with a reason, CSV quoting round-trips, line streaming equals a plain split whatever the chunking or
 * compression, oversized lines are refused without being held, OTLP GenAI spans map to events.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../helpers/property-seed.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseJsonlLine } from '../../../src/sources/usage/jsonl.js';
import { CsvParser, splitCsvLine } from '../../../src/sources/usage/csv.js';
import { parseTimestamp, fastIso, RecordError } from '../../../src/sources/usage/normalize.js';
import { readLines } from '../../../src/sources/usage/lines.js';
import { readUsage } from '../../../src/sources/usage/reader.js';
import { detectFromHead } from '../../../src/sources/usage/detect.js';
import { sniffBytes, sniffHead, SNIFF_BYTES } from '../../../src/sources/usage/sniff.js';
import { spansToRecords } from '../../../src/sources/usage/otlp.js';
import { parseHourlyCsv } from '../../../src/sources/grid/hourly-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-parsers-'));
const good = { id: 'x1', timestamp: '2025-06-01T10:00:00Z', provider: 'openai', model: 'gpt-4o', input_tokens: 10, output_tokens: 5 };

test('JSONL: arbitrary text never throws; each non-blank line is an event or a reject with a reason', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (s) => {
      const r = parseJsonlLine(s, 7);
      if (r === undefined) return s.trim() === '';
      assert.equal(r.line, 7);
      if (!r.ok) assert.ok(r.reason.length > 0);
      return true;
    }),
    { numRuns: 2000 },
  );
});

test('JSONL: records with random field values are accepted exactly when valid', () => {
  const tokens = fc.oneof(fc.integer({ min: -5, max: 1e6 }), fc.double(), fc.string({ maxLength: 5 }), fc.constant(undefined), fc.constant(null));
  fc.assert(
    fc.property(tokens, tokens, fc.oneof(fc.constant('2025-06-01T00:00:00Z'), fc.string({ maxLength: 12 }), fc.integer()), (inp, out, ts) => {
      const rec = { ...good, input_tokens: inp, output_tokens: out, timestamp: ts };
      const r = parseJsonlLine(JSON.stringify(rec), 1)!;
      const validCount = (v: unknown) =>
        (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1e9) || (typeof v === 'string' && /^\d+$/.test(v.trim()) && Number(v) <= 1e9);
      let tsOk = true;
      try {
        parseTimestamp(ts);
      } catch (e) {
        if (!(e instanceof RecordError)) throw e;
        tsOk = false;
      }
      assert.equal(r.ok, validCount(inp) && validCount(out) && tsOk, JSON.stringify(rec) + ' → ' + (r.ok ? 'ok' : r.reason));
    }),
    { numRuns: 1500 },
  );
});

test('edge cases are refused with a reason that names the field', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...good, input_tokens: -1 }, /input_tokens: negative/],
    [{ ...good, output_tokens: undefined }, /output_tokens: missing/],
    [{ ...good, timestamp: 'tomorrow' }, /timestamp/],
    [{ ...good, cached_input_tokens: 11 }, /cached_input_tokens/],
    [{ ...good, reasoning_tokens: 6 }, /reasoning_tokens/],
    [{ ...good, provider: undefined }, /provider: missing/],
    [{ ...good, provider: 'self-hosted' }, /deployment: missing/],
    [{ ...good, input_tokens: 1.5 }, /whole number/],
  ];
  for (const [rec, re] of cases) {
    const r = parseJsonlLine(JSON.stringify(rec), 1)!;
    assert.equal(r.ok, false, JSON.stringify(rec));
    if (!r.ok) assert.match(r.reason, re);
  }
  // Aliases: OpenAI usage names and epoch seconds.
  const r = parseJsonlLine(JSON.stringify({ provider: 'openai', model: 'gpt-4o', prompt_tokens: 3, completion_tokens: 4, created_at: 1748772000 }), 1)!;
  assert.ok(r.ok);
  if (r.ok) assert.deepEqual([r.event.inputTokens, r.event.outputTokens, r.event.timestampMs], [3, 4, 1748772000_000]);
});

test('CSV: quoting round-trips any field text without newlines', () => {
  const field = fc.string({ maxLength: 20 }).filter((s) => !/[\r\n]/.test(s));
  const quote = (s: string) => (/[",]/.test(s) || s.startsWith('"') ? `"${s.replace(/"/g, '""')}"` : s);
  fc.assert(fc.property(fc.array(field, { minLength: 1, maxLength: 8 }), (fields) => {
    assert.deepEqual(splitCsvLine(fields.map(quote).join(',')), fields);
  }));
  assert.throws(() => splitCsvLine('a,"b'), RecordError);
  assert.throws(() => splitCsvLine('a,b"c'), RecordError);
});

test('CSV: header maps columns; wrong width and garbage rows are rejects', () => {
  const p = new CsvParser();
  assert.equal(p.parse('\uFEFFid,timestamp,provider,model,input_tokens,output_tokens,team,tags', 1), undefined);
  const ok = p.parse('a,2025-06-01T00:00:00Z,anthropic,claude-sonnet-4-5,100,20,"legal, EU","{""env"":""prod""}"', 2)!;
  assert.ok(ok.ok);
  if (ok.ok) assert.deepEqual([ok.event.team, ok.event.tags], ['legal, EU', { env: 'prod' }]);
  const bad = p.parse('a,2025-06-01', 3)!;
  assert.equal(bad.ok, false);
  fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => {
    const r = p.parse(s, 4);
    return r === undefined || r.ok || r.reason.length > 0;
  }), { numRuns: 1000 });
});

test('line batches hold at most 512 lines, numbered without a gap across batches and reads, resumed or not', async () => {
  // 3,000 lines of ≈ 700 bytes: two 1 MiB reads, one line cut between them, one oversized line in the middle.
  const ls = Array.from({ length: 3000 }, (_, i) => (i === 1700 ? 'y'.repeat(3000) : `${i + 1}:${'x'.repeat(690)}`));
  const f = join(dir, 'batches.txt');
  writeFileSync(f, ls.join('\n') + '\n');
  for (const skip of [0, 600, 2999]) {
    let expect = skip + 1;
    for await (const b of readLines(f, { maxLineBytes: 2000, skipLines: skip })) {
      assert.ok(b.lines.length > 0 && b.lines.length <= 512, `a batch of ${b.lines.length} lines`);
      assert.equal(b.firstLine, expect);
      b.lines.forEach((l, i) => assert.equal(l ?? '<oversized>', b.firstLine + i === 1701 ? '<oversized>' : ls[b.firstLine + i - 1]));
      expect += b.lines.length;
    }
    assert.equal(expect, 3001, `skip ${skip}: every line once`);
  }
});

test('line streaming equals split("\\n") for any content, plain or gzipped, and refuses oversized lines', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.string({ maxLength: 30 }).map((s) => s.replace(/\n/g, '')), { maxLength: 40 }), fc.boolean(), async (ls, gz) => {
      const text = ls.join('\n');
      const f = join(dir, `l-${Math.random()}.txt`);
      writeFileSync(f, gz ? gzipSync(text) : text);
      const got: string[] = [];
      let expectLine = 1;
      for await (const b of readLines(f, { maxLineBytes: 1 << 20 })) {
        assert.equal(b.firstLine, expectLine);
        expectLine += b.lines.length;
        for (const l of b.lines) got.push(l ?? '<oversized>');
      }
      const want = text === '' ? [] : text.split('\n').map((s) => s.replace(/\r$/, ''));
      if (want.length && want[want.length - 1] === '') want.pop();
      assert.deepEqual(got, want);
    }),
    { numRuns: 150 },
  );
  const f = join(dir, 'big.jsonl');
  writeFileSync(f, `${JSON.stringify(good)}\n${'x'.repeat(5000)}\n${JSON.stringify({ ...good, id: 'x2' })}\n`);
  const recs = [];
  for await (const b of readUsage(f, { maxLineBytes: 1000 })) recs.push(...b.records);
  assert.deepEqual(recs.map((r) => [r.line, r.ok]), [[1, true], [2, false], [3, true]]);
  assert.match((recs[1] as { reason: string }).reason, /oversized/);
  // Resuming skips lines already accounted for and keeps numbering.
  const rest = [];
  for await (const b of readUsage(f, { skipLines: 2 })) rest.push(...b.records);
  assert.deepEqual(rest.map((r) => r.line), [3]);
});

test('format detection from the first bytes', () => {
  assert.equal(detectFromHead('{"resourceSpans":[]}'), 'otlp');
  assert.equal(detectFromHead('{\n  "resourceSpans": ['), 'otlp');
  assert.equal(detectFromHead('{"id":"a"}\n'), 'jsonl');
  assert.equal(detectFromHead('id,timestamp\n'), 'csv');
  assert.equal(detectFromHead(''), undefined);
});

const span = (attrs: Record<string, string | number>, extra: Record<string, unknown> = {}) => ({
  traceId: 't1', spanId: 's1', name: 'chat gpt-4o', startTimeUnixNano: '1748772000000000000', endTimeUnixNano: '1748772001500000000',
  attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
  ...extra,
});

test('OTLP: GenAI spans become events (new and old attribute names); other spans are ignored', async () => {
  const doc = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'helpdesk' } }] },
      scopeSpans: [{ spans: [
        span({ 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.request.model': 'claude-sonnet-4-5', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 50, 'gen_ai.usage.reasoning.output_tokens': 20, 'gen_ai.response.id': 'r-1' }),
        span({ 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.prompt_tokens': 7, 'gen_ai.usage.completion_tokens': 3 }),
        span({ 'http.method': 'GET' }),
        span({ 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': -1, 'gen_ai.usage.output_tokens': 3 }),
      ] }],
    }],
  };
  const r = spansToRecords(doc, 4);
  assert.equal(r.ignoredSpans, 1);
  assert.deepEqual(r.records.map((x) => x.ok), [true, true, false]);
  const [a, b] = r.records;
  if (!a.ok || !b.ok) throw new Error('unreachable');
  assert.deepEqual(
    [a.event.id, a.event.provider, a.event.outputTokens, a.event.reasoningTokens, a.event.app, a.event.latencyMs, a.event.timestampMs],
    ['r-1', 'aws-bedrock', 50, 20, 'helpdesk', 1500, 1748772000000],
  );
  assert.deepEqual([b.event.id, b.event.provider, b.event.inputTokens], ['t1:s1', 'openai', 7]);
  // Both layouts of a file: one export per line, and one pretty-printed document.
  for (const text of [JSON.stringify(doc) + '\n' + JSON.stringify(doc) + '\n', JSON.stringify(doc, null, 2)]) {
    const f = join(dir, `otlp-${Math.random()}.json`);
    writeFileSync(f, text);
    const got = [];
    for await (const batch of readUsage(f)) got.push(...batch.records);
    assert.equal(got.length, text.startsWith('{\n') ? 3 : 6);
  }
  fc.assert(fc.property(fc.jsonValue(), (v) => {
    spansToRecords(v, 1);
    spansToRecords({ resourceSpans: [v] }, 1);
    spansToRecords({ resourceSpans: [{ scopeSpans: [{ spans: [v] }] }] }, 1);
  }), { numRuns: 500 });
});

test('hourly grid CSV: rows truncated to the hour, bad rows refused with their line', () => {
  const r = parseHourlyCsv('zone,timestamp,intensity,factor_type\nFR,2025-06-01T10:30:00Z,42.5,lifecycle\nDE,2025-06-01T10:00:00Z,-1,direct\nDE,nope,300,direct\nDE,2025-06-01T11:00:00Z,300,average\n');
  assert.deepEqual(r.rows, [{ zone: 'FR', hourMs: Date.parse('2025-06-01T10:00:00Z'), gPerKWh: 42.5, factorType: 'lifecycle' }]);
  assert.deepEqual(r.rejects.map((x) => x.line), [3, 4, 5]);
  assert.equal(parseHourlyCsv('a,b\n1,2\n').rejects[0].line, 1);
});

test('the digit-by-digit ISO reader agrees with Date.parse on every valid UTC time, and declines the rest', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 6 }), (d, frac) => {
      const base = d.toISOString(); // YYYY-MM-DDThh:mm:ss.sssZ
      const iso = frac === 0 ? base.slice(0, 19) + 'Z' : frac <= 3 ? base.slice(0, 20 + frac) + 'Z' : base.slice(0, 23) + '987'.slice(0, frac - 3) + 'Z';
      assert.equal(fastIso(iso), Date.parse(iso), iso);
      assert.equal(parseTimestamp(iso), Date.parse(iso), iso);
    }),
    { numRuns: 5000 },
  );
  // Not a calendar time, or not this exact shape: NaN here, and the general path decides.
  for (const s of ['2025-02-29T00:00:00Z', '2025-06-31T00:00:00Z', '2025-13-01T00:00:00Z', '2025-06-01T24:00:00Z', '2025-06-01T12:00:00.Z', '1969-12-31T23:59:59Z', '2025-06-01 12:00:00Z']) {
    assert.ok(Number.isNaN(fastIso(s)), s);
  }
  assert.equal(parseTimestamp('2024-02-29T23:59:59.999Z'), Date.UTC(2024, 1, 29, 23, 59, 59, 999));
});

test('sniffBytes (a request body held as bytes) reads a head exactly as sniffHead reads it decoded', () => {
  const piece = fc.constantFrom(
    '\uFEFF', '\n', '\r\n', '   \n', '{"ts":"2025-06-01T10:00:00Z","provider":"openai","model":"gpt-4o"}', '{"a":', '[{"x":1},', ']',
    'ts,provider,model', '# HELP vllm:prompt_tokens_total', 'vllm:prompt_tokens_total 12', '"quoted, cell"', 'é日本🙂', '{"prompt":"ü\n"}',
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
      const head = parts.join('');
      const bytes = Buffer.from(head, 'utf8');
      assert.deepEqual(sniffBytes(bytes, 'x'), sniffHead(bytes.toString('utf8'), 'x'));
    }),
  );
  // a first line longer than the head: cut where sniffHead's head is cut
  const long = Buffer.from(`{"a":"${'x'.repeat(SNIFF_BYTES)}"}\n{"b":1}\n`);
  assert.deepEqual(sniffBytes(long), sniffHead(long.subarray(0, SNIFF_BYTES).toString('utf8')));
});
