/**
 * `tokenprint pull` against recorded usage APIs on 127.0.0.1: pagination, 429 + Retry-After, resuming by window after
 * a failure, idempotent re-pulls, and the pulled file read back by the aggregate readers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pullUsage, statePath } from '../../../src/sources/usage-api/pull.js';
import { retryAfterMs } from '../../../src/sources/usage-api/http.js';
import { readUsage } from '../../../src/sources/usage/reader.js';
import { detectFormat } from '../../../src/sources/usage/detect.js';
import { startUsageServer } from './usage-api-server.js';
import { runCli } from '../../helpers/cli.js';

const noWait = async () => undefined;
const D = (s: string) => Date.parse(s + 'T00:00:00Z');

async function buckets(file: string) {
  let n = 0;
  let requests = 0;
  const keys = new Set<string>();
  for await (const b of readUsage(file)) {
    assert.deepEqual(b.records.filter((r) => !r.ok), []);
    for (const a of b.aggregates ?? []) {
      n++;
      requests += a.aggregate.requests ?? 0;
      keys.add(a.aggregate.key);
    }
  }
  return { n, requests, keys: keys.size };
}

test('openai: two windows of pages, a 429 retried, a failed window resumed, a re-pull fetches nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-pull-'));
  const srv = await startUsageServer();
  try {
    const out = join(dir, 'openai.jsonl');
    const base = { provider: 'openai' as const, sinceMs: D('2025-05-01'), untilMs: D('2025-06-10'), bucket: '1d' as const, out, key: 'sk-admin-test', baseUrl: srv.url, nowMs: D('2026-01-01'), sleep: noWait };
    // 40 days = a 31-day window and a 9-day one; the second fails (HTTP 500 on every try).
    srv.failFromMs = D('2025-06-01');
    await assert.rejects(() => pullUsage(base), /gave up after 6 tries \(HTTP 500/);
    const state = JSON.parse(readFileSync(statePath(out), 'utf8')) as { windows: Record<string, number> };
    assert.deepEqual(Object.keys(state.windows), [String(D('2025-05-01'))]);
    // A run killed while appending leaves bytes past the recorded window: they are cut on resume.
    writeFileSync(out, readFileSync(out, 'utf8') + '{"object":"page","data":[{"object":"buck');
    srv.failFromMs = undefined;
    const before = srv.requests.length;
    const r = await pullUsage(base);
    assert.deepEqual([r.windows, r.skipped, r.pages], [2, 1, 2]);
    assert.ok(srv.requests.slice(before).every((q) => Number(q.query.get('start_time')) * 1000 >= D('2025-06-01')), 'only the missing window is fetched');
    assert.equal(srv.requests[0].query.getAll('group_by').join(','), 'model,project_id');
    assert.equal(srv.requests[0].query.get('bucket_width'), '1d');
    assert.ok(srv.requests.some((q) => q.query.get('page') === `tok_${D('2025-05-01') / 1000}`), 'next_page followed');
    assert.equal((await detectFormat(out)).format, 'openai-usage');
    const got = await buckets(out);
    assert.deepEqual(got, { n: 40, requests: 160, keys: 40 }, 'one bucket per day, no duplicates');
    const again = await pullUsage(base);
    assert.deepEqual([again.skipped, again.requests], [2, 0]);
    assert.deepEqual(await buckets(out), got);
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('anthropic: admin key headers, group_by[], RFC 3339 windows; windows not ended yet are left for later', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-pull-'));
  const srv = await startUsageServer();
  try {
    const out = join(dir, 'anthropic.jsonl');
    const r = await pullUsage({ provider: 'anthropic', sinceMs: D('2025-08-01'), untilMs: D('2025-08-10'), bucket: '1d', out, key: 'sk-ant-admin-test', baseUrl: srv.url, nowMs: D('2025-08-05') + 3_600_000, sleep: noWait });
    assert.equal(r.pulledUntilMs, D('2025-08-05'));
    const q = srv.requests[srv.requests.length - 1].query;
    assert.deepEqual(q.getAll('group_by[]'), ['model', 'workspace_id']);
    assert.equal(q.get('starting_at'), '2025-08-01T00:00:00.000Z');
    assert.equal((await detectFormat(out)).format, 'anthropic-usage');
    const got = await buckets(out);
    assert.equal(got.n, 4);
    assert.equal(got.requests, 0, 'the usage report has no request count');
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Retry-After in seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs('3'), 3000);
  assert.equal(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z')), 10_000);
  assert.equal(retryAfterMs(null), undefined);
});

test('pull without the admin key names the env var and exits 2; a file not written by pull is not appended to', async () => {
  const saved = process.env.OPENAI_ADMIN_KEY;
  delete process.env.OPENAI_ADMIN_KEY;
  const dir = mkdtempSync(join(tmpdir(), 'tp-pull-'));
  try {
    const r = await runCli(['pull', 'openai', '--since', '2025-06-01', '--until', '2025-06-02', '--out', join(dir, 'x.jsonl')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /OPENAI_ADMIN_KEY/);
    process.env.OPENAI_ADMIN_KEY = 'sk-admin-test';
    const other = join(dir, 'mine.jsonl');
    writeFileSync(other, 'precious\n');
    const r2 = await runCli(['pull', 'openai', '--since', '2025-06-01', '--until', '2025-06-02', '--out', other, '--base-url', 'http://127.0.0.1:9']);
    assert.notEqual(r2.code, 0);
    assert.match(r2.stderr, /not written by tokenprint pull/);
    assert.equal(readFileSync(other, 'utf8'), 'precious\n');
  } finally {
    if (saved === undefined) delete process.env.OPENAI_ADMIN_KEY;
    else process.env.OPENAI_ADMIN_KEY = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
