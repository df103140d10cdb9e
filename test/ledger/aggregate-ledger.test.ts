/**
 * Aggregate records (usage buckets) in the ledger, on every store: the same requests as our JSONL and as each
 * aggregate format give totals within the buckets' stated range (property over sample months); counts reconcile;
 * re-ingesting a file or an overlapping re-pull books each bucket once, a re-pulled bucket with other totals is
 * refused with its line and reason; reports over rows and buckets together (requests counted, uncounted buckets
 * named, period by window start), restatement and the GHG and SCI disclosures treat both kinds alike; a schema-4
 * ledger upgrades to schema 5.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../helpers/property-seed.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/ledger/config.js';
import { generateSample, SAMPLE_CONFIG } from '../../src/ledger/sample.js';
import { openStore } from '../../src/ledger/store/open-store.js';
import type { LedgerStore } from '../../src/ledger/store/store.js';
import { SCHEMA_VERSION } from '../../src/ledger/store/schema.js';
import { ingest, type IngestSummary } from '../../src/ledger/ingest/ingest.js';
import { restate } from '../../src/ledger/ingest/restate.js';
import { buildReport, type Totals } from '../../src/ledger/report/report.js';
import { discloseGhg, ghgRequestSchema } from '../../src/disclose/ghg.js';
import { discloseSciLedger } from '../../src/disclose/sci.js';
import { readerFor } from '../../src/sources/usage/formats/registry.js';
import { bucketConverter } from '../../src/sources/usage/bucket-writer.js';
import { normalizeObject } from '../../src/sources/usage/normalize.js';
import { targets } from './helpers/stores.js';

const ts = targets();
const dirs: string[] = [];
after(async () => {
  for (const t of ts) await t.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'tp-agg-ledger-'));
  dirs.push(d);
  return d;
};
const config = parseConfig(SAMPLE_CONFIG, 'tokenprint.yaml');

async function withStore<T>(location: string, fn: (s: LedgerStore) => Promise<T>): Promise<T> {
  const s = await openStore(location);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

const reconciles = (s: IngestSummary) => {
  assert.equal(s.read, s.accepted + s.rejected + s.duplicates, `read ${s.read} = accepted ${s.accepted} + rejected ${s.rejected} + duplicates ${s.duplicates}`);
  for (const f of s.files) assert.equal(f.read, f.accepted + f.rejected + f.duplicates, f.path);
};

const AGGREGATE_FORMATS = ['openai-usage', 'anthropic-usage', 'litellm-daily', 'vllm-metrics'];

/** The sample's requests (no malformed records, no retried duplicates) as JSONL lines. */
function sampleLines(events: number, seed: number): string[] {
  const lines: string[] = [];
  generateSample((l) => lines.push(l), { events, seed, badShare: 0, duplicateShare: 0 });
  return lines;
}

/** The same requests as one aggregate format's file, and as JSONL of the requests that format can hold. */
function asFormat(dir: string, format: string, lines: readonly string[]): { file: string; reference: string } {
  const w = readerFor(format)?.aggregateWriter;
  assert.ok(w, `${format} has a bucket writer`);
  const out: string[] = [];
  const conv = bucketConverter(w, (l) => out.push(l));
  const held: string[] = [];
  for (const l of lines) {
    conv.push(l);
    if (w.represents === undefined || w.represents(normalizeObject(JSON.parse(l) as Record<string, unknown>))) held.push(l);
  }
  conv.done();
  const file = join(dir, `usage.${format}.${w.extension ?? 'jsonl'}`);
  const reference = join(dir, `usage.${format}.reference.jsonl`);
  writeFileSync(file, out.join('\n') + '\n');
  writeFileSync(reference, held.join('\n') + '\n');
  return { file, reference };
}

async function bookedTotals(location: string, file: string): Promise<{ s: IngestSummary; t: Totals }> {
  return withStore(location, async (store) => {
    const s = await ingest(store, config, [file]);
    return { s, t: (await buildReport(store)).total };
  });
}

const within = (truth: number, r: { value: number; low: number; high: number }, what: string) =>
  // 1e-9 relative: the same sums in another order (rounding), never a looser bound.
  assert.ok(truth >= r.low * (1 - 1e-9) && truth <= r.high * (1 + 1e-9), `${what}: per-request ${truth} outside the bucket range ${r.low}–${r.high} (central ${r.value})`);

test('the same requests as JSONL and as each aggregate format: tokens equal, requests equal where counted, footprints within the buckets’ range', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 400, max: 1500 }), async (seed, events) => {
      const dir = tmp();
      const lines = sampleLines(events, seed);
      for (const format of AGGREGATE_FORMATS) {
        const { file, reference } = asFormat(dir, format, lines);
        const agg = await bookedTotals(join(dir, `${format}.duckdb`), file);
        const ref = await bookedTotals(join(dir, `${format}.ref.duckdb`), reference);
        reconciles(agg.s);
        assert.equal(agg.s.files[0].format, format, `${format} is detected`);
        assert.ok(agg.t.buckets > 0, `${format}: buckets booked`);
        assert.equal(agg.t.inputTokens, ref.t.inputTokens, `${format}: input tokens`);
        assert.equal(agg.t.outputTokens, ref.t.outputTokens, `${format}: output tokens`);
        assert.equal(agg.t.cachedInputTokens, ref.t.cachedInputTokens, `${format}: cached input tokens`);
        if (format === 'anthropic-usage') {
          // No request count in Anthropic's report: none invented, every bucket named as uncounted.
          assert.equal(agg.t.requests, 0);
          assert.equal(agg.t.bucketsWithoutRequestCount, agg.t.buckets);
        } else {
          assert.equal(agg.t.requests, ref.t.requests, `${format}: requests`);
          assert.equal(agg.t.bucketsWithoutRequestCount, 0);
        }
        within(ref.t.energyKWh.value, agg.t.energyKWh, `${format} energy`);
        within(ref.t.carbonKg.location.value, agg.t.carbonKg.location, `${format} carbon (location)`);
        within(ref.t.carbonKg.market.value, agg.t.carbonKg.market, `${format} carbon (market)`);
        within(ref.t.waterL.value, agg.t.waterL, `${format} water`);
        within(ref.t.embodiedKg.value, agg.t.embodiedKg, `${format} embodied`);
        // On-site and off-site water are stored for buckets too (never n/a) and sum to the total.
        assert.ok(agg.t.waterOnsiteL !== null && agg.t.waterOffsiteL !== null);
        assert.ok(Math.abs(agg.t.waterOnsiteL + agg.t.waterOffsiteL - agg.t.waterL.value) <= 1e-9 * agg.t.waterL.value);
      }
    }),
    { numRuns: 2 },
  );
});

/** An OpenAI usage page (one line), buckets of one day each. */
function openaiPage(days: readonly { day: string; requests: number; input: number; output: number; project?: string }[]): string {
  return JSON.stringify({
    object: 'page',
    data: days.map((d) => ({
      object: 'bucket',
      start_time: Date.parse(`${d.day}T00:00:00Z`) / 1000,
      end_time: Date.parse(`${d.day}T00:00:00Z`) / 1000 + 86_400,
      results: [{ object: 'organization.usage.completions.result', input_tokens: d.input, output_tokens: d.output, input_cached_tokens: 0, num_model_requests: d.requests, project_id: d.project ?? 'proj_a', model: 'gpt-4o-mini' }],
    })),
    has_more: false,
    next_page: null,
  });
}

for (const target of ts) {
  test(`${target.name}: re-ingest and overlapping re-pulls book each bucket once; other totals for a booked bucket are refused with file:line`, async () => {
    const location = await target.fresh();
    const dir = tmp();
    const first = join(dir, 'june-1-3.jsonl');
    writeFileSync(first, openaiPage([{ day: '2025-06-01', requests: 10, input: 5000, output: 1000 }, { day: '2025-06-02', requests: 20, input: 9000, output: 2000 }, { day: '2025-06-03', requests: 5, input: 100, output: 50 }]) + '\n');
    await withStore(location, async (store) => {
      const a = await ingest(store, config, [first]);
      reconciles(a);
      assert.deepEqual([a.read, a.accepted, a.rejected, a.duplicates], [3, 3, 0, 0]);
      const again = await ingest(store, config, [first]);
      reconciles(again);
      assert.deepEqual([again.read, again.accepted, again.duplicates], [3, 0, 3]);
      assert.equal(again.energyKWh, 0, 'a re-ingest adds nothing');
      // Re-pulled from June 2: June 2 and 3 again (same totals), June 4 new, and June 3 … twice in the page.
      const overlap = join(dir, 'june-2-4.jsonl');
      writeFileSync(
        overlap,
        openaiPage([{ day: '2025-06-02', requests: 20, input: 9000, output: 2000 }, { day: '2025-06-03', requests: 5, input: 100, output: 50 }]) +
          '\n' +
          openaiPage([{ day: '2025-06-04', requests: 7, input: 700, output: 70 }, { day: '2025-06-03', requests: 5, input: 100, output: 50 }]) +
          '\n',
      );
      const b = await ingest(store, config, [overlap]);
      reconciles(b);
      assert.deepEqual([b.read, b.accepted, b.rejected, b.duplicates], [4, 1, 0, 3]);
      // June 3 pulled again while it was still running: other totals. Refused, the first booking kept.
      const partial = join(dir, 'june-3-again.jsonl');
      writeFileSync(partial, '\n' + openaiPage([{ day: '2025-06-03', requests: 9, input: 400, output: 90 }]) + '\n');
      const c = await ingest(store, config, [partial]);
      reconciles(c);
      assert.deepEqual([c.read, c.accepted, c.rejected, c.duplicates], [1, 0, 1, 0]);
      const rej = await store.rejects(c.ingestId);
      assert.equal(rej.length, 1);
      assert.equal(rej[0].file, partial);
      assert.equal(rej[0].line, 2);
      assert.match(rej[0].reason, /already in the ledger with other totals \(booked: 5 requests, 100 input .* this record: 9 requests, 400 input/);
      const t = (await buildReport(store)).total;
      assert.deepEqual([t.requests, t.buckets, t.inputTokens, t.outputTokens], [10 + 20 + 5 + 7, 4, 5000 + 9000 + 100 + 700, 1000 + 2000 + 50 + 70]);
    });
  });

  test(`${target.name}: a report over per-request rows and buckets together: totals, breakdowns, period by window start, restate, GHG and SCI`, async () => {
    const location = await target.fresh();
    const dir = tmp();
    const jsonl = join(dir, 'usage.jsonl');
    writeFileSync(jsonl, sampleLines(800, 11).join('\n') + '\n');
    const files = ['test/fixtures/usage/openai-usage-completions.json', 'test/fixtures/usage/anthropic-usage-report.json', 'test/fixtures/usage/vllm-scrapes.prom', 'test/fixtures/usage/litellm-daily-team-spend.csv'];
    await withStore(location, async (store) => {
      const rowsOnly = await ingest(store, config, [jsonl]);
      const before = (await buildReport(store)).total;
      const s = await ingest(store, config, files);
      reconciles(s);
      // openai 2 + 1 refused; anthropic 1; vLLM 2 + 1 refused; LiteLLM daily 3 + 2 refused.
      assert.deepEqual([s.accepted, s.rejected], [8, 4]);
      const r = await buildReport(store, { by: ['method'] });
      const t = r.total;
      // Known counts: OpenAI 5 + 8, vLLM 10 + 4, LiteLLM 60 + 25 + 40; Anthropic's bucket is counted apart.
      assert.equal(t.requests, rowsOnly.accepted + 5 + 8 + 10 + 4 + 60 + 25 + 40);
      assert.deepEqual([t.buckets, t.bucketsWithoutRequestCount], [8, 1]);
      assert.equal(t.inputTokens, before.inputTokens + 1000 + 20000 + 3200 + 12000 + 5000 + 120000 + 80000 + 50000);
      const methods = Object.fromEntries(r.rows.map((x) => [x.keys.method, x]));
      assert.deepEqual(Object.keys(methods).sort(), ['modeled:deployment', 'modeled:deployment (aggregate)', 'modeled:provider', 'modeled:provider (aggregate)']);
      assert.deepEqual([methods['modeled:deployment (aggregate)'].requests, methods['modeled:deployment (aggregate)'].buckets], [10 + 4 + 40, 3]);
      assert.equal(methods['modeled:provider (aggregate)'].bucketsWithoutRequestCount, 1);
      // The breakdown sums to the total, bound by bound.
      for (const k of ['value', 'low', 'high'] as const) {
        const sum = r.rows.reduce((a, x) => a + x.energyKWh[k], 0);
        assert.ok(Math.abs(sum - t.energyKWh[k]) <= 1e-9 * t.energyKWh[k], `energy ${k}`);
      }
      const aggShare = t.methodMix.aggregate;
      assert.ok(Math.abs(aggShare - (5 + 8 + 10 + 4 + 60 + 25 + 40) / t.requests) < 1e-12);
      // A bucket belongs to the day its window starts: 1 June holds every bucket of the fixtures but one LiteLLM day.
      const june1 = await buildReport(store, { from: '2025-06-01', to: '2025-06-01', by: ['day'] });
      assert.deepEqual(june1.rows.map((x) => x.keys.day), ['2025-06-01']);
      const june1Buckets = june1.total.buckets;
      assert.equal(june1Buckets, 7);
      // GHG: API buckets in Scope 3 cat. 1, vLLM and self-hosted LiteLLM buckets in Scope 2, as rows are.
      const ghg = await discloseGhg(store, ghgRequestSchema.parse({}));
      const line = (id: string) => ghg.lines.find((l) => l.id === id);
      assert.ok(Math.abs((line('scope2.location')?.tCO2e?.value ?? NaN) * 1000 - r.ghg.scope2.locationKg.value) <= 1e-9 * r.ghg.scope2.locationKg.value, 'scope 2 equals the report');
      assert.ok(Math.abs((line('scope3.1')?.tCO2e?.value ?? NaN) * 1000 - r.ghg.scope3Cat1.locationKg.value) <= 1e-9 * r.ghg.scope3Cat1.locationKg.value, 'scope 3.1 equals the report');
      assert.match(line('scope3.1')?.dataQuality ?? '', /usage buckets \(aggregate\) .*1 usage buckets without a request count/);
      // SCI per request is not available while a bucket has no request count; per 1,000 tokens it is.
      const perRequest = await discloseSciLedger(store, { unit: 'request' });
      assert.ok(Number.isNaN(perRequest.sciG));
      assert.match(JSON.stringify(perRequest.document), /no request count/);
      const perTokens = await discloseSciLedger(store, { unit: '1k-tokens' });
      assert.ok(perTokens.sciG > 0 && Math.abs(perTokens.R - (t.inputTokens + t.outputTokens) / 1000) < 1e-9);

      // Restatement recomputes buckets too: a higher PUE on the Paris deployment raises its energy, keeps the rest.
      const pue = parseConfig(SAMPLE_CONFIG.replace('pue: 1.25', 'pue: 1.5'), 'tokenprint.yaml');
      const rs = await restate(store, pue);
      assert.equal(rs.rows, (await store.rowCount(rs.from)));
      assert.equal(rs.failed, 0);
      const after2 = await buildReport(store, { by: ['method'] });
      assert.deepEqual([after2.total.requests, after2.total.buckets, after2.total.bucketsWithoutRequestCount], [t.requests, t.buckets, t.bucketsWithoutRequestCount]);
      const m2 = Object.fromEntries(after2.rows.map((x) => [x.keys.method, x]));
      const ratio = m2['modeled:deployment (aggregate)'].energyKWh.value / methods['modeled:deployment (aggregate)'].energyKWh.value;
      assert.ok(ratio > 1.1 && ratio < 1.21, `self-hosted buckets restated under PUE 1.5/1.25: ×${ratio}`);
      assert.equal(m2['modeled:provider (aggregate)'].energyKWh.value, methods['modeled:provider (aggregate)'].energyKWh.value);
    });
  });

  test(`${target.name}: a schema-4 ledger upgrades to schema 5 (buckets table added, rows and totals kept); newer schemas are refused`, async () => {
    const location = await target.fresh();
    const dir = tmp();
    const jsonl = join(dir, 'usage.jsonl');
    writeFileSync(jsonl, sampleLines(300, 4).join('\n') + '\n');
    const before = await withStore(location, async (store) => {
      await ingest(store, config, [jsonl]);
      const t = (await buildReport(store)).total;
      // Back to schema 4: no tp_aggregates, a view over tp_rows only.
      await store.driver.run(`DROP VIEW tp_ledger`);
      await store.driver.run(`DROP TABLE tp_aggregates`);
      await store.driver.run(`CREATE VIEW tp_ledger AS SELECT r.key FROM tp_rows r`);
      await store.driver.run(`ALTER TABLE tp_ingest_files DROP COLUMN n_blank`);
      await store.driver.run(`UPDATE tp_meta SET v = '4' WHERE k = 'schema'`);
      return t;
    });
    await withStore(location, async (store) => {
      const v = await store.driver.query(`SELECT v FROM tp_meta WHERE k = 'schema'`);
      assert.equal(v[0].v, SCHEMA_VERSION);
      assert.equal(SCHEMA_VERSION, '5');
      const t = (await buildReport(store)).total;
      assert.deepEqual([t.requests, t.inputTokens, t.energyKWh, t.buckets], [before.requests, before.inputTokens, before.energyKWh, 0]);
      const s = await ingest(store, config, ['test/fixtures/usage/openai-usage-completions.json']);
      assert.equal(s.accepted, 2);
      assert.equal((await buildReport(store)).total.buckets, 2);
      // tp_ingest_files.n_blank: 0 for the file ingested before (its blank lines were not counted), kept from now on.
      assert.deepEqual((await store.ingestFiles(1)).map((f) => [f.read, f.blank]), [[300, 0]]);
      const blanks = join(dir, 'blanks.jsonl');
      writeFileSync(blanks, sampleLines(3, 5).join('\n\n') + '\n \n');
      const b = await ingest(store, config, [blanks]);
      assert.deepEqual([b.read, b.blank, (await store.ingestFiles(b.ingestId))[0].blank], [3, 3, 3]);
      await store.driver.run(`UPDATE tp_meta SET v = '6' WHERE k = 'schema'`);
    });
    await assert.rejects(openStore(location), /schema 6, written by a newer tokenprint/);
  });
}

test('sample --as for the aggregate formats writes files the CLI ingests (detected, reconciled)', async () => {
  const { writeSample } = await import('../../src/cli/commands/sample.js');
  const dir = tmp();
  for (const as of AGGREGATE_FORMATS) {
    const s = await writeSample(join(dir, as), { events: 600, seed: 2, month: '2025-06', as });
    assert.ok(s.conversion && s.conversion.events > 0, as);
    const got = await withStore(':memory:', (store) => ingest(store, parseConfig(readFileSync(s.config, 'utf8'), 'tokenprint.yaml'), [s.usage]));
    reconciles(got);
    assert.equal(got.files[0].format, as);
    assert.ok(got.accepted > 0, `${as}: buckets booked`);
  }
});
