/**
 * POST /v1/events takes every format `tokenprint ingest` reads (issue #15): detected from the content as the CLI
 * detects it, or named by `?format=`. Per-request formats and provider usage buckets (aggregate formats, booked by
 * group commit in tp_aggregates) give the same per-file counts and the same report totals as one CLI ingest of the
 * same file; a bucket posted again is a duplicate; an unknown format is a 400 naming the known ones; a body left in
 * the spool by a crash is replayed with the format and deployment its request was read with.
 */
import { test } from 'node:test';
import pg from 'pg';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/ledger/store/open-store.js';
import { ingest, type IngestSummary } from '../../src/ledger/ingest/ingest.js';
import { buildReport } from '../../src/ledger/report/report.js';
import { parseConfig } from '../../src/ledger/config.js';
import { SAMPLE_CONFIG } from '../../src/ledger/sample.js';
import { writeSample } from '../../src/cli/commands/sample.js';
import { USAGE_FORMAT_NAMES } from '../../src/sources/usage/formats/registry.js';
import type { Storage } from '../../src/server/tenants.js';
import { testServer, type TestServer } from './helpers.js';

const config = parseConfig(SAMPLE_CONFIG, 'tokenprint.yaml');
const FIX = 'test/fixtures/usage';
/** The same rows summed by the same engine, perhaps in another order: 1e-9 relative (the brief's tolerance). */
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.abs(b);
const counts = (x: { read: number; accepted: number; rejected: number; duplicates: number }) => [x.read, x.accepted, x.rejected, x.duplicates];

interface Case {
  readonly name: string;
  readonly file: string;
  /** The Content-Type it is posted with. */
  readonly type: string;
  readonly format?: string;
  readonly deployment?: string;
  /** The format the server must report (detected or named). */
  readonly expect: string;
}

function typeOf(file: string): string {
  if (file.endsWith('.csv')) return 'text/csv';
  if (file.endsWith('.json')) return 'application/json';
  if (file.endsWith('.prom')) return 'text/plain';
  return 'application/x-ndjson';
}

async function cases(dir: string): Promise<Case[]> {
  const out: Case[] = [];
  // Every format `sample --as` writes (per-request and buckets), detected from the content.
  for (const f of ['jsonl', 'csv', 'bedrock', 'litellm', 'litellm-payload', 'langfuse', 'helicone', 'vertex', 'openai-usage', 'anthropic-usage', 'litellm-daily', 'vllm-metrics']) {
    const s = await writeSample(join(dir, f), { events: 240, seed: 7, month: '2025-06', as: f === 'jsonl' ? undefined : f });
    out.push({ name: `sample --as ${f}`, file: s.usage, type: typeOf(s.usage), expect: f });
  }
  // The recorded fixtures: JSON documents (a pretty-printed array, wrapped lists, usage reports) as they are exported.
  for (const [file, expect] of [
    ['helicone-export.json', 'helicone'],
    ['langfuse-observations.json', 'langfuse'],
    ['litellm-spendlogs.json', 'litellm'],
    ['litellm-spendlogs.csv', 'litellm'],
    ['openai-usage-completions.json', 'openai-usage'],
    ['anthropic-usage-report.json', 'anthropic-usage'],
    ['litellm-daily-team-spend.csv', 'litellm-daily'],
    ['vllm-scrapes.prom', 'vllm-metrics'],
  ] as const) {
    out.push({ name: `fixture ${file}`, file: join(FIX, file), type: typeOf(file), expect });
  }
  // vLLM scrapes whose served model name is no deployment of the config: `?deployment=` as `--deployment`, with
  // `?format=` naming the format (and a Content-Type that says nothing of it).
  const vllm = join(dir, 'served.prom');
  writeFileSync(vllm, readFileSync(join(FIX, 'vllm-scrapes.prom'), 'utf8').replaceAll('model_name="llama-70b-paris"', 'model_name="served-llama"'));
  out.push({ name: 'vllm-metrics with ?deployment=', file: vllm, type: 'application/x-ndjson', format: 'vllm-metrics', deployment: 'llama-70b-paris', expect: 'vllm-metrics' });
  return out;
}

async function cli(dir: string, c: Case): Promise<{ summary: IngestSummary; report: Awaited<ReturnType<typeof buildReport>> }> {
  const store = await openStore(join(dir, `cli-${Math.random().toString(36).slice(2)}.duckdb`));
  try {
    const summary = await ingest(store, config, [c.file], { format: c.format, deployment: c.deployment, worker: false });
    return { summary, report: await buildReport(store) };
  } finally {
    await store.close();
  }
}

function query(c: { format?: string; deployment?: string }): string {
  const q = new URLSearchParams();
  if (c.format) q.set('format', c.format);
  if (c.deployment) q.set('deployment', c.deployment);
  return q.size ? `?${q}` : '';
}

type Report = Awaited<ReturnType<typeof buildReport>>;

function sameTotals(got: Report['total'], want: Report['total'], what: string): void {
  assert.deepEqual(
    [got.requests, got.buckets, got.bucketsWithoutRequestCount, got.inputTokens, got.outputTokens],
    [want.requests, want.buckets, want.bucketsWithoutRequestCount, want.inputTokens, want.outputTokens],
    what,
  );
  for (const k of ['value', 'low', 'high'] as const) {
    assert.ok(near(got.energyKWh[k], want.energyKWh[k]), `${what}: energy ${k} ${got.energyKWh[k]} vs ${want.energyKWh[k]}`);
    assert.ok(near(got.carbonKg.location[k], want.carbonKg.location[k]), `${what}: carbon ${k}`);
  }
  assert.ok(near(got.waterL.value, want.waterL.value), `${what}: water`);
}

async function withServer(fn: (s: TestServer, dir: string) => Promise<void>, o: { spoolDir?: string; storage?: Storage } = {}): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tp-events-any-'));
  // A spool of its own (with PostgreSQL the default is ./tokenprint-spool).
  const s = await testServer({ config, spoolDir: join(dir, 'spool'), ...o });
  try {
    await fn(s, dir);
  } finally {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const AGGREGATE = ['openai-usage', 'anthropic-usage', 'litellm-daily', 'vllm-metrics'];

async function everyFormat(s: TestServer, dir: string, only?: (c: Case) => boolean): Promise<void> {
  {
    const all = (await cases(dir)).filter((c) => only?.(c) ?? true);
    for (const [i, c] of all.entries()) {
      const tenant = `t${i}`;
      const writer = (await s.key(tenant, 'ingest')).key;
      const reader = (await s.key(tenant, 'read')).key;
      const want = await cli(dir, c);
      const r = await s.call(`/v1/events${query(c)}`, { key: writer, body: readFileSync(c.file), type: c.type });
      const text = await r.text();
      assert.equal(r.status, 200, `${c.name}: ${text}`);
      const got = JSON.parse(text) as { format: string; read: number; accepted: number; rejected: number; duplicates: number };
      assert.equal(got.format, c.expect, c.name);
      assert.equal(want.summary.files[0].format, c.expect, `${c.name} (CLI)`);
      assert.deepEqual(counts(got), counts(want.summary), c.name);
      assert.ok(got.accepted > 0, `${c.name}: something is booked`);
      const report = (await (await s.call('/v1/report', { key: reader })).json()) as Report;
      sameTotals(report.total, want.report.total, c.name);
      if (AGGREGATE.includes(c.expect)) {
        assert.ok(report.total.buckets > 0, `${c.name}: booked as buckets`);
        // The same file again: every bucket booked is a duplicate (a refused one is refused again), nothing added.
        const again = (await (await s.call(`/v1/events${query(c)}`, { key: writer, body: readFileSync(c.file), type: c.type })).json()) as typeof got;
        assert.deepEqual(counts(again), [got.read, 0, got.rejected, got.accepted], `${c.name} again`);
        sameTotals(((await (await s.call('/v1/report', { key: reader })).json()) as Report).total, want.report.total, `${c.name} again`);
      }
    }
  }
}

test('every format the readers know: a post counts and reports as one CLI ingest of the same file; a bucket posted again is a duplicate', async () => {
  await withServer(everyFormat);
});

const base = process.env.TOKENPRINT_TEST_PG;
test('PostgreSQL: bucket formats and a per-request export over HTTP equal one CLI ingest; reposted buckets are duplicates', { skip: base ? false : 'TOKENPRINT_TEST_PG not set (scripts/with-postgres.sh runs it)' }, async () => {
  const db = `tp_events_any_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  try {
    const url = base!.replace(/\/[^/?]+(\?|$)/, `/${db}$1`);
    await withServer((s, dir) => everyFormat(s, dir, (c) => AGGREGATE.includes(c.expect) || c.expect === 'helicone'), { storage: { kind: 'postgres', url } });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  }
});

test('?format= names the format (validated); an unknown one is a 400 naming the known ones; Idempotency-Key replays a bucket post', async () => {
  await withServer(async (s) => {
    const writer = (await s.key('acme', 'ingest')).key;
    const reader = (await s.key('acme', 'read')).key;
    const bad = await s.call('/v1/events?format=parquet', { key: writer, body: '{}\n', type: 'application/x-ndjson' });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
    const p = (await bad.json()) as { code: string; detail: string };
    assert.equal(p.code, 'INVALID_INPUT');
    for (const name of USAGE_FORMAT_NAMES) assert.ok(p.detail.includes(name), `${name} in: ${p.detail}`);
    assert.match(p.detail, /format/);

    // The OpenAPI document lists the registry's names.
    const doc = (await (await s.call('/openapi.json')).json()) as { paths: Record<string, { post?: { parameters?: { name: string; schema: { enum?: string[] } }[] } }> };
    const param = doc.paths['/v1/events'].post?.parameters?.find((x) => x.name === 'format');
    assert.deepEqual(param?.schema.enum, [...USAGE_FORMAT_NAMES]);

    // Named: a CSV of LiteLLM spend logs read as tokenprint's CSV would reject every line; named, it is LiteLLM's.
    const body = readFileSync(join(FIX, 'litellm-spendlogs.csv'));
    const named = (await (await s.call('/v1/events?format=litellm', { key: writer, body, type: 'text/csv' })).json()) as { format: string; accepted: number; rejected: number };
    assert.equal(named.format, 'litellm');
    assert.ok(named.accepted > 0);
    const asCsv = (await (await s.call('/v1/events?format=csv', { key: writer, body, type: 'text/csv' })).json()) as typeof named;
    assert.deepEqual([asCsv.format, asCsv.accepted], ['csv', 0]);

    const report = readFileSync(join(FIX, 'openai-usage-completions.json'));
    const headers = { 'idempotency-key': 'pull-2025-06-01' };
    const first = await s.call('/v1/events', { key: writer, body: report, type: 'application/json', headers });
    const firstBody = await first.json();
    const replay = await s.call('/v1/events', { key: writer, body: report, type: 'application/json', headers });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await replay.json(), firstBody);
    // The same key with the same bytes read as another format is another batch: refused.
    const other = await s.call('/v1/events?format=jsonl', { key: writer, body: report, type: 'application/json', headers });
    assert.equal(other.status, 422);
    assert.equal(((await other.json()) as { code: string }).code, 'IDEMPOTENCY_CONFLICT');
    const t = ((await (await s.call('/v1/report', { key: reader })).json()) as Report).total;
    assert.ok(t.buckets > 0);
  });
});

test('a crash leaves bucket bodies in the spool: the restart books them with their format and deployment, as the CLI does', async () => {
  const spool = mkdtempSync(join(tmpdir(), 'tp-events-spool-'));
  const dir = mkdtempSync(join(tmpdir(), 'tp-events-spool-cli-'));
  try {
    mkdirSync(join(spool, 'acme'));
    const served = readFileSync(join(FIX, 'vllm-scrapes.prom'), 'utf8').replaceAll('model_name="llama-70b-paris"', 'model_name="served-llama"');
    // As Intake.submit names them: <requestId>.<format>[.d-<deployment, base64url>].body
    writeFileSync(join(spool, 'acme', `a1-x.vllm-metrics.d-${Buffer.from('llama-70b-paris').toString('base64url')}.body`), served);
    writeFileSync(join(spool, 'acme', 'a2-x.openai-usage.body'), readFileSync(join(FIX, 'openai-usage-completions.json')));
    const vllmFile = join(dir, 'served.prom');
    writeFileSync(vllmFile, served);
    const store = await openStore(join(dir, 'cli.duckdb'));
    let want: Report['total'];
    try {
      const a = await ingest(store, config, [vllmFile], { deployment: 'llama-70b-paris', worker: false });
      const b = await ingest(store, config, [join(FIX, 'openai-usage-completions.json')], { worker: false });
      assert.ok(a.accepted > 0 && b.accepted > 0);
      want = (await buildReport(store)).total;
    } finally {
      await store.close();
    }
    await withServer(
      async (s) => {
        const reader = (await s.key('acme', 'read')).key;
        const got = ((await (await s.call('/v1/report', { key: reader })).json()) as Report).total;
        sameTotals(got, want, 'replayed spool');
      },
      { spoolDir: spool },
    );
  } finally {
    rmSync(spool, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
