/**
 * The fast paths of the mapped exports (object-format.ts, read-csv.ts): a CSV row built by a header-compiled object
 * literal, and the NUL / lone-surrogate checks skipped only where the line cannot hold either. Each case here is one
 * the fast path could get wrong: quoting (doubled quotes, CRLF), a metadata cell that is not JSON, odd header names,
 * and a NUL or a surrogate that must still be refused with its line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../helpers/property-seed.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readUsage } from '../../../src/sources/usage/reader.js';
import { rowBuilder } from '../../../src/sources/usage/read-csv.js';
import { plainCsv, plainJson } from '../../../src/sources/usage/object-format.js';
import type { ParsedRecord } from '../../../src/sources/usage/event.js';

async function readText(name: string, text: string, format?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tp-object-rows-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, text);
    const recs: ParsedRecord[] = [];
    for await (const b of readUsage(file, format ? { format } : {})) recs.push(...b.records);
    return {
      events: recs.flatMap((r) => (r.ok ? [r.event] : [])),
      rejects: recs.flatMap((r) => (r.ok ? [] : [{ line: r.line, reason: r.reason }])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The general builder, as ObjectCsvParser built every row before: a keyed store per non-empty cell. */
function reference(header: readonly string[], cells: readonly string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < header.length; i++) if (cells[i] !== '') o[header[i]] = cells[i];
  return o;
}

test('a header-compiled row reads every column as the keyed-store row did (odd names, empty cells)', () => {
  const name = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('a"b', "x'); process.exit(1); //", '\\', '}', '${c}', 'constructor', 'toString', '0', '1e3', '\u2028'));
  fc.assert(
    fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 10 }), fc.array(fc.oneof(fc.constant(''), fc.string({ maxLength: 6 })), { minLength: 10, maxLength: 10 }), (header, cells) => {
      const row = rowBuilder(header)(cells);
      const want = reference(header, cells);
      // Own cells only: an empty `constructor` cell read through the old row's prototype (a function, never a cell).
      for (const k of header) assert.equal(row[k], Object.hasOwn(want, k) ? want[k] : undefined, k);
      assert.equal(Object.getPrototypeOf(row), Object.prototype);
    }),
  );
});

test('a header naming a column twice, or naming __proto__, keeps the general builder (later non-empty cell wins)', () => {
  const twice = rowBuilder(['a', 'b', 'a']);
  assert.equal(twice(['1', '2', '3']).a, '3');
  assert.equal(twice(['1', '2', '']).a, '1');
  const proto = rowBuilder(['__proto__', 'model'])(['{"polluted":true}', 'm']);
  assert.equal(proto.model, 'm');
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.equal((proto as { polluted?: unknown }).polluted, undefined);
});

test('the NUL / surrogate checks are skipped only for a line with no NUL and no \\u escape', () => {
  assert.equal(plainCsv('a,b,"{""x"":1}"'), true);
  assert.equal(plainCsv('a,b\u0000c'), false);
  assert.equal(plainCsv('a,"{""t"":""\\ud800""}"'), false);
  assert.equal(plainJson('{"model":"m"}'), true);
  assert.equal(plainJson('{"model":"m\\u0000"}'), false);
  assert.equal(plainJson(''), false); // a whole document is checked field by field
});

const LITELLM_HEADER = 'request_id,call_type,startTime,endTime,model,model_group,custom_llm_provider,prompt_tokens,completion_tokens,total_tokens,spend,team_id,end_user,metadata';
const meta = (cached: number, reasoning: number) =>
  `"${JSON.stringify({ usage_object: { prompt_tokens_details: { cached_tokens: cached }, completion_tokens_details: { reasoning_tokens: reasoning } } }).replaceAll('"', '""')}"`;

test('litellm CSV: doubled quotes, CRLF ends, a metadata cell that is not JSON, a NUL refused with its line', async () => {
  const rows = [
    LITELLM_HEADER,
    `r1,acompletion,2025-06-03T10:00:00.000Z,2025-06-03T10:00:01.250Z,gpt-4o-mini,gpt-4o-mini,openai,1200,220,1420,0,"sup""port","bot, v2",${meta(480, 0)}`,
    `r2,acompletion,2025-06-03T10:01:00.000Z,2025-06-03T10:01:02.000Z,o4-mini,o4-mini,openai,3000,1500,4500,0,eng,,not json`,
    `r3,acompletion,2025-06-03T10:02:00.000Z,2025-06-03T10:02:01.000Z,gpt-4o\u0000x,gpt-4o,openai,10,5,15,0,eng,app,{}`,
    `r4,acompletion,2025-06-03T10:03:00.000Z,2025-06-03T10:03:01.000Z,gpt-4o,gpt-4o,openai,10,5,15,0,eng,app,"{""usage_object"": {""completion_tokens_details"": {""reasoning_tokens"": 4}}"`,
    `r5,acompletion,2025-06-03T10:04:00.000Z,2025-06-03T10:04:01.000Z,gpt-4o,gpt-4o,openai,10,5,15,0,eng,app,"{""usage_object"": {""completion_tokens_details"": {""reasoning_tokens"": 4}}}"`,
  ];
  const r = await readText('spend.csv', rows.join('\r\n') + '\r\n');
  assert.deepEqual(
    r.events.map((e) => [e.id, e.team, e.app, e.inputTokens, e.cachedInputTokens, e.outputTokens, e.reasoningTokens, e.latencyMs]),
    [
      ['r1', 'sup"port', 'bot, v2', 1200, 480, 220, 0, 1250],
      ['r2', 'eng', undefined, 3000, 0, 1500, 0, 2000], // metadata not JSON: no subsets (as before)
      ['r4', 'eng', 'app', 10, 0, 5, 0, 1000], // metadata JSON cut short: not parsed, no subsets
      ['r5', 'eng', 'app', 10, 0, 5, 4, 1000],
    ],
  );
  assert.deepEqual(r.events.map((e) => e.model), ['gpt-4o-mini', 'o4-mini', 'gpt-4o', 'gpt-4o']); // no CR left on a cell
  assert.deepEqual(r.rejects.map((x) => x.line), [4]);
  assert.match(r.rejects[0].reason, /^model: contains a NUL character/);
});

test('helicone CSV: a \\u escape in the properties cell still has its lone surrogate refused', async () => {
  const header = 'request_id,request_created_at,response_created_at,response_status,provider,model,prompt_tokens,prompt_cache_read_tokens,prompt_cache_write_tokens,completion_tokens,total_tokens,delay_ms,request_user_id,properties';
  const row = (id: string, props: string) => `${id},2025-06-03T08:15:02.120Z,2025-06-03T08:15:03.540Z,200,OPENAI,gpt-4o-mini,1000,0,0,206,1206,1420,,"${props.replaceAll('"', '""')}"`;
  const r = await readText('h.csv', [header, row('a', '{"team":"ok\\u00e9"}'), row('b', '{"team":"\\ud800"}')].join('\n') + '\n', 'helicone');
  assert.deepEqual(r.events.map((e) => [e.id, e.team]), [['a', 'oké']]);
  assert.deepEqual(r.rejects.map((x) => x.line), [3]);
  assert.match(r.rejects[0].reason, /^team: contains a lone UTF-16 surrogate/);
});

test('langfuse JSON lines: a NUL or a lone surrogate written as a \\u escape is still refused with its line', async () => {
  const obs = (id: string, model: string, team: string) =>
    `{"id":"${id}","traceId":"t","type":"GENERATION","startTime":"2025-06-04T08:00:00.000Z","endTime":"2025-06-04T08:00:01.000Z","model":"${model}","usageDetails":{"input":10,"output":5},"metadata":{"provider":"openai","team":"${team}"}}`;
  const r = await readText('l.jsonl', [obs('a', 'gpt-4o', 'search'), obs('b', 'gpt-4o\\u0000', 'search'), obs('c', 'gpt-4o', '\\udc00x')].join('\n') + '\n', 'langfuse');
  assert.deepEqual(r.events.map((e) => [e.id, e.team]), [['a', 'search']]);
  assert.deepEqual(r.rejects.map((x) => x.line), [2, 3]);
  assert.match(r.rejects[0].reason, /^model: contains a NUL character/);
  assert.match(r.rejects[1].reason, /^team: contains a lone UTF-16 surrogate/);
});
