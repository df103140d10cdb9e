/**
 * Blank (whitespace-only) lines are not records: every line-based reader counts them (`blankLines`) so that a file's
 * lines are accounted for; a whole (pretty-printed) JSON document is not line-based, so its inner lines are not.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readUsage } from '../../../src/sources/usage/reader.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-blank-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function read(path: string, o: { format?: string; skipLines?: number } = {}) {
  let blank = 0;
  let records = 0;
  let aggregates = 0;
  const rejects: string[] = [];
  for await (const b of readUsage(path, o)) {
    blank += b.blankLines ?? 0;
    records += b.records.length;
    aggregates += b.aggregates?.length ?? 0;
    for (const r of b.records) if (!r.ok) rejects.push(`${r.line}: ${r.reason}`);
  }
  return { blank, records, aggregates, rejects };
}

const ev = (id: string) => JSON.stringify({ id, timestamp: '2025-06-02T10:00:00Z', provider: 'openai', model: 'gpt-4o', input_tokens: 100, output_tokens: 20 });

test('JSONL: empty, whitespace-only and CRLF-blank lines are counted, gzipped or not; a resumed read counts those after the checkpoint', async () => {
  const text = `${ev('a')}\n\n   \t\n${ev('b')}\r\n\r\n${ev('c')}\n \n`;
  const p = file('u.jsonl', text);
  assert.deepEqual(await read(p), { blank: 4, records: 3, aggregates: 0, rejects: [] });
  assert.deepEqual(await read(file('u.jsonl.gz', gzipSync(text))), { blank: 4, records: 3, aggregates: 0, rejects: [] });
  // Lines 1-3 done: lines 5 and 7 are the blank ones left.
  assert.deepEqual(await read(p, { skipLines: 3 }), { blank: 2, records: 2, aggregates: 0, rejects: [] });
});

test('CSV: a blank line is blank, before or after the header', async () => {
  const p = file('u.csv', '\nid,timestamp,provider,model,input_tokens,output_tokens\n\nr1,2025-06-02T10:00:00Z,openai,gpt-4o,100,20\n  \nr2,2025-06-02T10:00:00Z,openai,gpt-4o,100,20\n');
  assert.deepEqual(await read(p), { blank: 3, records: 2, aggregates: 0, rejects: [] });
});

test('an aggregate format in JSON lines (OpenAI usage pages) counts its blank lines the same way', async () => {
  const page = JSON.stringify(JSON.parse(readFileSync('test/fixtures/usage/openai-usage-completions.json', 'utf8')));
  const p = file('pages.jsonl', `${page}\n\n${page}\n   \n`);
  const r = await read(p, { format: 'openai-usage' });
  assert.equal(r.blank, 2);
  assert.equal(r.aggregates, 4);
});

test('vLLM metrics text: blank lines are counted', async () => {
  const p = file('m.prom', '# scrape 2025-06-02T10:00:00Z\n\nvllm:prompt_tokens_total{model_name="m"} 10\n \n');
  assert.equal((await read(p, { format: 'vllm-metrics' })).blank, 2);
});

test('a whole JSON document is not line-based: blank lines inside it are part of the document, not counted', async () => {
  const p = file('doc.json', `\n[\n  ${ev('a')},\n\n  ${ev('b')}\n]\n\n`);
  const r = await read(p);
  assert.equal(r.records, 2);
  assert.equal(r.blank, 1, 'only the blank line before the document starts');
});
