/**
 * Rows of the mapped exports (object-format.ts, read-csv.ts) at the edges a faster row path could get wrong: CSV
 * quoting (a doubled quote, a comma inside quotes, CRLF ends), a metadata cell that is not JSON or is cut short, and a
 * NUL or a lone surrogate (raw in a cell, or written as a `\u` escape in a JSON cell or line) that must still be
 * refused with its line and field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readUsage } from '../../../src/sources/usage/reader.js';
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
