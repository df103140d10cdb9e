/**
 * The HTTP API end to end on 127.0.0.1: keys and roles, tenant isolation, hostile parameters, limits, idempotency,
 * and that events posted over HTTP give the same ledger as `tokenprint ingest` of the same file.
 */
import { test, after, before } from 'node:test';
import { gzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testServer, events, type TestServer } from './helpers.js';
import { openStore } from '../../src/ledger/store/open-store.js';
import { ingest } from '../../src/ledger/ingest/ingest.js';
import { buildReport } from '../../src/ledger/report/report.js';
import { defaultConfig } from '../../src/ledger/config.js';
import { estimateCall } from '../../src/estimate/call-estimate.js';
import { estimateInferenceRequest } from '../../src/estimate/inference-estimate.js';
import { InferenceDeploymentRequestSchema } from '../../src/estimate/inference-request.js';
import { CallRequestSchema } from '../../src/estimate/call-request.js';
import { TrainingRequestSchema } from '../../src/estimate/training-request.js';
import { estimateTraining, resolveTrainingInput } from '../../src/estimate/training-deployment.js';

let s: TestServer;
let admin: string;
let reader: string;
let gateway: string;
let other: string;
const tmp = mkdtempSync(join(tmpdir(), 'tp-serve-cli-'));

before(async () => {
  s = await testServer({ web: true });
  admin = (await s.key('acme', 'admin')).key;
  reader = (await s.key('acme', 'read')).key;
  gateway = (await s.key('acme', 'ingest')).key;
  other = (await s.key('globex', 'admin')).key;
});
after(async () => {
  await s.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function problemOf(r: Response): Promise<{ status: number; code: string; detail: string; field?: string }> {
  assert.equal(r.headers.get('content-type'), 'application/problem+json', `status ${r.status} is problem+json`);
  return (await r.json()) as { status: number; code: string; detail: string; field?: string };
}

test('posted events reconcile, and equal one CLI ingest of the same events', async () => {
  const body = events(300, 'a') + '{"not an event": true}\n' + '\n   \n' + 'not json\n';
  const r = await s.call('/v1/events', { key: gateway, body, type: 'application/x-ndjson' });
  assert.equal(r.status, 200);
  const b = (await r.json()) as { read: number; accepted: number; rejected: number; duplicates: number; blank: number; ingestId: number };
  assert.deepEqual([b.read, b.accepted, b.rejected, b.duplicates, b.blank], [302, 300, 2, 0, 2]);
  // the same batch again: all duplicates (or rejects), nothing added
  const again = (await (await s.call('/v1/events', { key: gateway, body, type: 'application/x-ndjson' })).json()) as typeof b;
  assert.deepEqual([again.read, again.accepted, again.rejected, again.duplicates], [302, 0, 2, 300]);

  const file = join(tmp, 'same.jsonl');
  writeFileSync(file, body);
  const cli = await openStore(join(tmp, 'cli.duckdb'));
  try {
    const cs = await ingest(cli, defaultConfig(), [file]);
    assert.deepEqual([cs.read, cs.accepted, cs.rejected, cs.blank], [302, 300, 2, 2]);
    const want = await buildReport(cli, { by: ['team'] });
    const got = (await (await s.call('/v1/report?by=team', { key: reader })).json()) as typeof want;
    assert.equal(got.total.requests, 300);
    // Same rows, same order (sums of the same doubles in the same engine: equal to the last bit is expected, 1e-12 relative allowed for summation order)
    assert.deepEqual(got.rows.map((x) => x.keys), want.rows.map((x) => x.keys));
    const rel = (a: number, w: number) => Math.abs(a - w) <= 1e-12 * Math.abs(w);
    assert.ok(rel(got.total.energyKWh.value, want.total.energyKWh.value), `${got.total.energyKWh.value} vs ${want.total.energyKWh.value}`);
    assert.ok(rel(got.total.carbonKg.market.high, want.total.carbonKg.market.high));
    // a filter gives that team's row as the total
    const support = (await (await s.call('/v1/report?team=support', { key: reader })).json()) as typeof want;
    const row = want.rows.find((x) => x.keys.team === 'support');
    assert.ok(row && rel(support.total.waterL.value, row.waterL.value) && support.total.requests === row.requests);
  } finally {
    await cli.close();
  }
  const rej = (await (await s.call('/v1/rejects', { key: reader })).json()) as { total: number; rejects: { line: number; request: string }[] };
  assert.equal(rej.total, 4);
  assert.deepEqual(rej.rejects.slice(0, 2).map((x) => x.line), [301, 304], 'lines 302 and 303 are blank');
  assert.ok(!JSON.stringify(rej).includes(s.dir), 'reject rows do not show server paths');
});

test('a JSON array and a CSV body go through the same ingest', async () => {
  const arr = events(5, 'j').trim().split('\n').map((l) => JSON.parse(l) as unknown);
  const r = (await (await s.call('/v1/events', { key: admin, body: JSON.stringify(arr), type: 'application/json' })).json()) as { accepted: number; format: string };
  assert.deepEqual([r.accepted, r.format], [5, 'jsonl']);
  const csv = 'timestamp,provider,model,input_tokens,output_tokens,team\n2025-06-02T10:00:00Z,openai,gpt-4o,100,20,csv-team\n';
  const c = (await (await s.call('/v1/events', { key: admin, body: csv, type: 'text/csv' })).json()) as { accepted: number; format: string };
  assert.deepEqual([c.accepted, c.format], [1, 'csv']);
});

test('keys: none, malformed, unknown, wrong secret and revoked → 401; wrong role → 403', async () => {
  for (const k of [undefined, 'hello', 'tpk_0123456789abcdef_' + 'A'.repeat(43), admin.slice(0, -1) + (admin.endsWith('A') ? 'B' : 'A')]) {
    const r = await s.call('/v1/report', { key: k });
    assert.equal(r.status, 401, String(k));
    assert.equal((await problemOf(r)).code, 'UNAUTHORIZED');
  }
  const temp = await s.key('acme', 'read');
  assert.equal((await s.call('/v1/report', { key: temp.key })).status, 200);
  await s.revoke(temp.id);
  const r = await s.call('/v1/report', { key: temp.key });
  assert.equal(r.status, 401);
  assert.match((await problemOf(r)).detail, /revoked/);
  const ro = await s.call('/v1/events', { key: reader, body: events(1, 'x'), type: 'application/x-ndjson' });
  assert.equal(ro.status, 403);
  assert.equal((await problemOf(ro)).code, 'FORBIDDEN');
  assert.equal((await s.call('/v1/report', { key: gateway })).status, 403);
  assert.equal((await s.call('/v1/estimate/call', { key: gateway, body: '{}', type: 'application/json' })).status, 403);
});

test("a tenant cannot read, count or guess another tenant's data", async () => {
  // globex has no events: its report is 404 and its rejects are empty, even when naming acme's ingest ids
  const r = await s.call('/v1/report', { key: other });
  assert.equal(r.status, 404);
  assert.match((await problemOf(r)).detail, /globex has no events/);
  for (const q of ['', '?ingest=1', '?ingest=2', '?limit=99999']) {
    const j = (await (await s.call(`/v1/rejects${q}`, { key: other })).json()) as { total: number };
    assert.equal(j.total, 0, q);
  }
  await s.call('/v1/events', { key: other, body: events(7, 'g', { team: 'globex-team' }), type: 'application/x-ndjson' });
  const g = (await (await s.call('/v1/report?by=team', { key: other })).json()) as { total: { requests: number }; rows: { keys: { team: string } }[] };
  assert.equal(g.total.requests, 7);
  assert.deepEqual(g.rows.map((x) => x.keys.team), ['globex-team']);
  const a = (await (await s.call('/v1/report?team=globex-team', { key: reader })).json()) as { total: { requests: number } };
  assert.equal(a.total.requests, 0, "acme's view has no globex rows");
});

test('hostile parameters: SQL and filter injection are refused or match nothing; nothing else is read', async () => {
  const hostile = ["' OR 1=1 --", "x'); DROP TABLE tp_rows; --", '1 UNION SELECT * FROM tp_factor_sets', '../../globex', '%00', 'team,model;DELETE'];
  for (const h of hostile) {
    const e = encodeURIComponent(h);
    for (const q of [`by=${e}`, `from=${e}`, `to=${e}`, `factorSet=${e}`, `format=${e}`]) {
      const r = await s.call(`/v1/report?${q}`, { key: reader });
      assert.equal(r.status, 400, q);
      assert.equal((await problemOf(r)).code, 'INVALID_INPUT');
    }
    for (const q of [`team=${e}`, `model=${e}`, `provider=${e}`, `region=${e}`]) {
      const r = await s.call(`/v1/report?${q}`, { key: reader });
      if (h === '%00') {
        assert.equal(r.status, 200, q); // the literal three characters: a name that matches nothing
      }
      if (r.status === 200) assert.equal(((await r.json()) as { total: { requests: number } }).total.requests, 0, q);
      else assert.equal(r.status, 400, q);
    }
    for (const q of [`ingest=${e}`, `limit=${e}`]) assert.equal((await s.call(`/v1/rejects?${q}`, { key: reader })).status, 400, q);
  }
  // a control character in a filter is refused
  assert.equal((await s.call(`/v1/report?team=${encodeURIComponent('a\u0000b')}`, { key: reader })).status, 400);
  // the ledger is intact after all that
  const j = (await (await s.call('/v1/report', { key: reader })).json()) as { total: { requests: number } };
  assert.equal(j.total.requests, 306);
});

test('path traversal: the dashboard serves only its own folder; a scenario cannot read server files', async () => {
  for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/assets/%00']) {
    const r = await fetch(s.url + p);
    const t = await r.text();
    assert.ok(!t.includes('SECRET-OUTSIDE-WEB') && !t.includes('root:'), p);
  }
  assert.equal(await (await fetch(s.url + '/assets/app.js')).text(), 'console.log(1)');
  for (const key of ['file', 'source']) {
    const scenario = `workload: {requestsPerDay: 1000}\ncandidates: {models: [llama-3.1-8b-instruct], hardware: [h100-sxm], regions: [FR]}\ngrid: {${key}: ${key === 'file' ? '/etc/passwd' : 'file:/etc/passwd'}}\n`;
    const r = await s.call('/v1/plan', { key: reader, body: scenario, type: 'application/yaml' });
    assert.equal(r.status, 400);
    const p = await problemOf(r);
    assert.ok(!p.detail.includes('root:'), p.detail);
  }
  // a tenant name is never taken from the request: unknown API paths are 404 problems
  assert.equal((await s.call('/v1/tenants/globex/report', { key: reader })).status, 404);
});

test('oversized bodies → 413, floods → 429 with Retry-After', async () => {
  const small = await testServer({ maxBodyBytes: 2048, ratePerS: 1, burst: 3 });
  try {
    const k = (await small.key('t', 'admin')).key;
    const big = await small.call('/v1/events', { key: k, body: events(50, 'big'), type: 'application/x-ndjson' });
    assert.equal(big.status, 413);
    assert.equal((await problemOf(big)).code, 'PAYLOAD_TOO_LARGE');
    const statuses: number[] = [];
    let retry: string | null = null;
    for (let i = 0; i < 6; i++) {
      const r = await small.call('/v1/rejects', { key: k });
      statuses.push(r.status);
      if (r.status === 429) retry = r.headers.get('retry-after');
    }
    // burst 3 at 1/s: six requests in well under 3 s leave at least two refused (one token per second refills)
    assert.ok(statuses.filter((x) => x === 429).length >= 2, statuses.join(','));
    assert.ok(retry !== null && Number(retry) >= 1);
  } finally {
    await small.stop();
  }
});

test('Idempotency-Key: a retry replays the first answer; the same key with another body is refused', async () => {
  const body = events(4, 'idem');
  const first = await s.call('/v1/events', { key: admin, body, type: 'application/x-ndjson', headers: { 'idempotency-key': 'batch-1' } });
  const a = await first.json();
  const second = await s.call('/v1/events', { key: admin, body, type: 'application/x-ndjson', headers: { 'idempotency-key': 'batch-1' } });
  assert.equal(second.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(await second.json(), a);
  const third = await s.call('/v1/events', { key: admin, body: events(5, 'idem'), type: 'application/x-ndjson', headers: { 'idempotency-key': 'batch-1' } });
  assert.equal(third.status, 422);
  assert.equal((await problemOf(third)).code, 'IDEMPOTENCY_CONFLICT');
  // the key is per tenant: globex may use the same key for its own batch
  const g = (await (await s.call('/v1/events', { key: other, body, type: 'application/x-ndjson', headers: { 'idempotency-key': 'batch-1' } })).json()) as { accepted: number };
  assert.equal(g.accepted, 4);
});

test('bad bodies and media types are problems with the CLI codes', async () => {
  assert.equal((await problemOf(await s.call('/v1/events', { key: admin, body: 'x', type: 'image/png' }))).code, 'UNSUPPORTED_MEDIA_TYPE');
  assert.equal((await problemOf(await s.call('/v1/events', { key: admin, body: '', type: 'application/x-ndjson' }))).status, 400);
  assert.equal((await problemOf(await s.call('/v1/events', { key: admin, body: '[1,', type: 'application/json' }))).code, 'INVALID_INPUT');
  const unknownModel = await s.call('/v1/estimate/inference', {
    key: reader,
    body: JSON.stringify({ deployment: { model: 'no-such-model', hardware: 'h100-sxm' }, request: { inputTokens: 10, outputTokens: 10 } }),
    type: 'application/json',
  });
  assert.equal((await problemOf(unknownModel)).code, 'UNKNOWN_ID');
  const extra = await problemOf(await s.call('/v1/estimate/call', { key: reader, body: JSON.stringify({ provider: 'openai', model: 'gpt-4o', inputTokens: 1, outputTokens: 1, bogus: 1 }), type: 'application/json' }));
  assert.equal(extra.code, 'INVALID_INPUT');
});

test('a gzip body cut short reconciles (the cut line rejected), and the parsing worker goes on with the next bodies', async () => {
  const good = events(4, 'after-cut-gzip');
  const gz = gzipSync(Buffer.from(good));
  const cut = gz.subarray(0, gz.length - 12); // the deflate stream cut short: the reader keeps what it can inflate
  const a = (await (await s.call('/v1/events', { key: gateway, body: cut, type: 'application/x-ndjson', headers: { 'content-encoding': 'gzip' } })).json()) as { read: number; accepted: number; rejected: number; duplicates: number };
  assert.equal(a.read, a.accepted + a.rejected + a.duplicates);
  assert.ok(a.rejected >= 1 && a.accepted < 4, JSON.stringify(a));
  const next = (await (await s.call('/v1/events', { key: gateway, body: gz, type: 'application/x-ndjson', headers: { 'content-encoding': 'gzip' } })).json()) as typeof a;
  assert.deepEqual([next.read, next.accepted + next.duplicates, next.duplicates], [4, 4, a.accepted], 'the whole body: the events of the cut one are duplicates');
  const plain = (await (await s.call('/v1/events', { key: gateway, body: events(3, 'after-cut-gzip-plain'), type: 'application/x-ndjson' })).json()) as typeof a;
  assert.deepEqual([plain.read, plain.accepted], [3, 3]);
});

test('estimates over HTTP equal the library call', async () => {
  const req = { provider: 'openai', model: 'gpt-4o', inputTokens: 1200, outputTokens: 300 };
  const got = (await (await s.call('/v1/estimate/call', { key: reader, body: JSON.stringify(req), type: 'application/json' })).json()) as { perRequest: { energyWh: { value: number } } };
  const want = estimateCall({ ...req, cachedInputTokens: 0, reasoningTokens: 0 }, { mode: 'strict', method: 'tokenprint', boundary: 'facility' });
  assert.equal(got.perRequest.energyWh.value, want.perRequest.energyWh.value);

  // inference and training: the estimate layer's request schemas, answered as the library computes them
  const inf = { deployment: { model: 'llama-3.1-8b-instruct', hardware: 'h100-sxm', region: 'FR' }, request: { inputTokens: 1000, outputTokens: 200 } };
  const gotInf = (await (await s.call('/v1/estimate/inference', { key: reader, body: JSON.stringify(inf), type: 'application/json' })).json()) as { perRequest: { energyWh: { value: number } } };
  assert.equal(gotInf.perRequest.energyWh.value, estimateInferenceRequest(inf).perRequest.energyWh.value);
  assert.ok(gotInf.perRequest.energyWh.value > 0);
  const cached = await s.call('/v1/estimate/inference', { key: reader, body: JSON.stringify({ ...inf, request: { ...inf.request, cachedInputTokens: 1001 } }), type: 'application/json' });
  assert.equal(cached.status, 409); // CONFLICTING_INPUT, the code the CLI gives the same mistake
  assert.match((await problemOf(cached)).detail, /cachedInputTokens \(1001\) cannot exceed inputTokens \(1000\)/);
  const train = { hardware: 'h100-sxm', acceleratorHours: 1000, region: 'FR' };
  const gotTrain = (await (await s.call('/v1/estimate/training', { key: reader, body: JSON.stringify(train), type: 'application/json' })).json()) as { energyKWh?: unknown };
  assert.deepEqual(gotTrain, JSON.parse(JSON.stringify(estimateTraining(resolveTrainingInput(train).input))));
});

test('OpenAPI 3.1 document, docs page, health, readiness and metrics', async () => {
  const doc = (await (await fetch(s.url + '/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
  assert.equal(doc.openapi, '3.1.0');
  for (const p of ['/v1/events', '/v1/report', '/v1/rejects', '/v1/estimate/inference', '/v1/estimate/call', '/v1/estimate/training', '/v1/plan', '/emissions/bylocations/best', '/emissions/forecasts/current', '/healthz', '/readyz', '/metrics']) {
    assert.ok(p in doc.paths, p);
  }
  // the estimate bodies are described from the estimate layer's schemas (the same ones that validate them)
  type Op = { post: { requestBody: { content: { 'application/json': { schema: { properties: Record<string, { properties?: Record<string, unknown> }> } } } } } };
  const body = (p: string) => (doc.paths[p] as Op).post.requestBody.content['application/json'].schema;
  assert.deepEqual(Object.keys(body('/v1/estimate/inference').properties.deployment.properties ?? {}).sort(), Object.keys(InferenceDeploymentRequestSchema.shape).sort());
  assert.deepEqual(Object.keys(body('/v1/estimate/call').properties).sort(), Object.keys(CallRequestSchema.shape).sort());
  assert.deepEqual(Object.keys(body('/v1/estimate/training').properties).sort(), Object.keys(TrainingRequestSchema.shape).sort());
  assert.match(await (await fetch(s.url + '/docs')).text(), /POST<\/span> <code>\/v1\/events/);
  assert.equal((await fetch(s.url + '/healthz')).status, 200);
  assert.equal((await fetch(s.url + '/readyz')).status, 200);
  const m = await (await fetch(s.url + '/metrics')).text();
  assert.match(m, /tokenprint_events_total\{outcome="accepted"\} \d+/);
  // The events counters reconcile as the CLI's counts do, with blank lines counted beside read.
  const counters = async () => {
    const t = await (await fetch(s.url + '/metrics')).text();
    const n = (re: RegExp) => Number(re.exec(t)?.[1] ?? Number.NaN);
    const o = (k: string) => n(new RegExp(`tokenprint_events_total\\{outcome="${k}"\\} (\\d+)`));
    return { read: o('read'), accepted: o('accepted'), rejected: o('rejected'), duplicates: o('duplicates'), blank: n(/tokenprint_blank_lines_total (\d+)/) };
  };
  const m0 = await counters();
  const posted = (await (await s.call('/v1/events', { key: gateway, body: '\n' + events(5, 'metrics-blank') + '\n \n' + 'not json\n', type: 'application/x-ndjson' })).json()) as { read: number; blank: number };
  assert.deepEqual([posted.read, posted.blank], [6, 3]);
  const m1 = await counters();
  assert.deepEqual([m1.read - m0.read, m1.accepted - m0.accepted, m1.rejected - m0.rejected, m1.blank - m0.blank], [6, 5, 1, 3]);
  assert.equal(m1.read, m1.accepted + m1.rejected + m1.duplicates, 'read = accepted + rejected + duplicates');
  assert.match(m, /tokenprint_http_request_duration_seconds_bucket\{method="POST",route="\/v1\/events",le="0.25"\}/);
});

test('Carbon Aware SDK endpoints: the lowest-intensity location, and a forecast with its best window', async () => {
  const best = (await (await s.call('/emissions/bylocations/best?location=FR&location=PL&time=2025-06-01T00:00:00Z&toTime=2025-06-01T02:00:00Z', { key: reader })).json()) as { location: string; rating: number; duration: string }[];
  assert.ok(best.length >= 1 && best.every((b) => b.location === 'FR'), JSON.stringify(best));
  assert.equal(best[0].duration, '01:00:00');
  const f = (await (await s.call('/emissions/forecasts/current?location=FR&windowSize=120&dataStartAt=2025-06-01T00:00:00Z&dataEndAt=2025-06-01T06:00:00Z', { key: reader })).json()) as { forecastData: unknown[]; optimalDataPoints: { duration: number }[]; windowSize: number }[];
  assert.equal(f[0].forecastData.length, 6);
  assert.equal(f[0].optimalDataPoints[0].duration, 120);
});
