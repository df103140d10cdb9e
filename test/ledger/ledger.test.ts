/**
 * The ledger end to end, on every storage adapter: ingest a generated month, check the reconciliation
 * (read = accepted + rejected + duplicates), idempotency, reports against sums computed independently from the
 * file, rejects with file:line, restatement keeping the old factor set, and hourly grid data.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { TokenprintError } from '../../src/core/errors.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSample, SAMPLE_CONFIG } from '../../src/ledger/sample.js';
import { parseConfig } from '../../src/ledger/config.js';
import { openStore } from '../../src/ledger/store/open-store.js';
import { ingest } from '../../src/ledger/ingest/ingest.js';
import { buildReport } from '../../src/ledger/report/report.js';
import { restate } from '../../src/ledger/ingest/restate.js';
import { LedgerEstimator, emptyFootprint } from '../../src/ledger/ingest/estimator.js';
import { prepareCallEnergy } from '../../src/estimate/call-estimate.js';
import { parseJsonlLine } from '../../src/sources/usage/jsonl.js';
import { targets } from './helpers/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-ledger-files-'));
const usage = join(dir, 'usage.jsonl');
const lines: string[] = [];
generateSample((l) => lines.push(l), { events: 6000, seed: 7 });
writeFileSync(usage, lines.join('\n') + '\n');
const config = parseConfig(SAMPLE_CONFIG);

/** Independent expectation: parse each line, estimate it, keep the first occurrence of each id. */
function expected() {
  const est = new LedgerEstimator(config, new Map());
  const fp = emptyFootprint();
  const seen = new Set<string>();
  let accepted = 0, rejected = 0, duplicates = 0, e = 0, loc = 0, mkt = 0, withId = 0, water = 0, onsite = 0, apiChecked = 0;
  const byTeam = new Map<string, number>();
  readFileSync(usage, 'utf8').split('\n').forEach((text, i) => {
    if (text === '') return;
    const r = parseJsonlLine(text, i + 1);
    if (!r) return;
    if (!r.ok || est.estimate(r.event, fp) !== undefined) return void rejected++;
    const key = r.event.id ?? `content:${text}`;
    if (seen.has(key)) return void duplicates++;
    seen.add(key);
    accepted++;
    if (r.event.id !== undefined) withId++;
    e += fp.energyWh; loc += fp.locG; mkt += fp.mktG; water += fp.waterMl; onsite += fp.waterOnsiteMl;
    // The stored on-site part is the call estimator's own per-request figure (the ledger's fast path derives it).
    const ev = r.event;
    if (ev.provider !== 'self-hosted' && ev.region === undefined && apiChecked < 300) {
      const per = prepareCallEnergy({ provider: ev.provider, model: ev.model }, { mode: 'strict', boundary: config.boundary }).perRequest({
        inputTokens: ev.inputTokens, cachedInputTokens: ev.cachedInputTokens, outputTokens: ev.outputTokens, reasoningTokens: ev.reasoningTokens,
      });
      closeRel(fp.waterOnsiteMl, per.waterOnsiteMl.value, `on-site water of ${ev.provider}/${ev.model} line ${i + 1}`);
      closeRel(fp.waterMl - fp.waterOnsiteMl, per.waterOffsiteMl.value, `off-site water of ${ev.provider}/${ev.model} line ${i + 1}`);
      apiChecked++;
    }
    byTeam.set(r.event.team ?? '(none)', (byTeam.get(r.event.team ?? '(none)') ?? 0) + fp.locG);
  });
  assert.ok(apiChecked >= 100, `on-site water checked against the call estimator on ${apiChecked} API events`);
  return { read: accepted + rejected + duplicates, accepted, rejected, duplicates, withId, kWh: e / 1000, locKg: loc / 1000, mktKg: mkt / 1000, waterL: water / 1000, onsiteL: onsite / 1000, byTeam };
}
// Sums of the same doubles in a different order (or one product formed two ways): agreement to 1e-9 relative.
const closeRel = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-12), `${what}: ${a} vs ${b}`);
const close = closeRel;
const want = expected();

const ts = targets();
after(async () => { for (const t of ts) await t.cleanup(); });

for (const target of ts) {
  test(`${target.name}: ingest reconciles and matches independently computed sums`, async () => {
    const store = await openStore(await target.fresh());
    try {
      const s = await ingest(store, config, [usage], { batchSize: 1000 });
      assert.equal(s.read, s.accepted + s.rejected + s.duplicates);
      assert.equal(s.read, want.read);
      assert.equal(s.accepted, want.accepted);
      assert.equal(s.rejected, want.rejected);
      assert.equal(s.duplicates, want.duplicates);
      assert.ok(want.rejected > 0 && want.duplicates > 0, 'the sample has both bad and retried records');
      close(s.energyKWh, want.kWh, 'energy');
      close(s.carbonKg.location, want.locKg, 'location');
      close(s.carbonKg.market, want.mktKg, 'market');
      const r = await buildReport(store, { by: ['team'] });
      close(r.total.carbonKg.location.value, want.locKg, 'report total');
      // Water: on-site + off-site is the total, and each is the sum of the per-row estimates.
      close(r.total.waterL.value, want.waterL, 'water total');
      assert.ok(want.onsiteL > 0 && want.onsiteL < want.waterL, 'both parts present');
      close(r.total.waterOnsiteL ?? NaN, want.onsiteL, 'on-site water');
      close(r.total.waterOffsiteL ?? NaN, want.waterL - want.onsiteL, 'off-site water');
      close((r.total.waterOnsiteL ?? NaN) + (r.total.waterOffsiteL ?? NaN), r.total.waterL.value, 'on-site + off-site = total');
      for (const row of r.rows) close((row.waterOnsiteL ?? NaN) + (row.waterOffsiteL ?? NaN), row.waterL.value, `water parts, team ${row.keys.team}`);
      for (const row of r.rows) close(row.carbonKg.location.value, (want.byTeam.get(row.keys.team) ?? NaN) / 1000, `team ${row.keys.team}`);
      assert.equal(r.rows.reduce((a, x) => a + x.requests, 0), want.accepted);
      // GHG view: scope 2 + scope 3 cat. 1 is the whole operational total; the two embodied views stay apart.
      close(r.ghg.scope2.locationKg.value + r.ghg.scope3Cat1.locationKg.value, want.locKg, 'scopes add up');
      assert.ok(r.ghg.scope2.marketKg.value < r.ghg.scope2.locationKg.value, 'the FR PPA lowers market-based Scope 2');
      assert.ok(r.ghg.scope3Cat2.items.find((i) => i.deployment === 'llama-70b-paris')?.booked, 'June acquisition booked in cat. 2');
      const rejects = await store.rejects(s.ingestId);
      assert.equal(rejects.length, want.rejected);
      for (const x of rejects) {
        assert.equal(x.file, usage);
        assert.ok(x.line >= 1 && x.line <= lines.length);
        assert.ok(x.reason.length > 5);
        assert.equal(lines[x.line - 1].slice(0, 200), (x.raw ?? '').slice(0, 200));
      }
      // Idempotent: the same file again adds nothing.
      const again = await ingest(store, config, [usage]);
      assert.equal(again.accepted, 0);
      assert.equal(again.duplicates, want.accepted + want.duplicates);
      assert.equal(again.read, again.accepted + again.rejected + again.duplicates);
      const r2 = await buildReport(store);
      close(r2.total.carbonKg.location.value, want.locKg, 'unchanged after re-ingest');
      // Period filter: the first half of June plus the second half is the month.
      const a = await buildReport(store, { from: '2025-06-01', to: '2025-06-15' });
      const b = await buildReport(store, { from: '2025-06-16', to: '2025-06-30' });
      assert.equal(a.total.requests + b.total.requests, want.accepted);
    } finally {
      await store.close();
    }
  });

  test(`${target.name}: parsing in a worker thread stores exactly what in-line parsing stores`, async () => {
    const a = await openStore(await target.fresh());
    const b = await openStore(await target.fresh());
    try {
      const sa = await ingest(a, config, [usage], { batchSize: 1500, worker: false });
      const sb = await ingest(b, config, [usage], { batchSize: 1500, worker: true });
      const counts = (s: typeof sa) => [s.read, s.accepted, s.rejected, s.duplicates];
      assert.deepEqual(counts(sb), counts(sa));
      assert.deepEqual(counts(sb), [want.read, want.accepted, want.rejected, want.duplicates]);
      close(sb.energyKWh, want.kWh, 'energy (worker)');
      close(sb.carbonKg.market, want.mktKg, 'market (worker)');
      const rows = async (s: typeof a) =>
        (await s.driver.query(`SELECT key, event_id, line, model, team, app, energy_wh, carbon_loc_g_high, water_ml, water_onsite_ml FROM tp_ledger ORDER BY key`)).map((r) => JSON.stringify(r));
      assert.deepEqual(await rows(b), await rows(a));
      // event_id is shown for exactly the events that carried an id in the file (null for content-hash keys).
      const ids = await b.driver.query(`SELECT count(event_id) AS n FROM tp_ledger`);
      assert.equal(Number(ids[0].n), want.withId);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test(`${target.name}: a corrupt gzip stops with a clear error; what was read is kept, and a rerun adds nothing`, async () => {
    // The gzip trailer's CRC is wrong: every line decompresses, then the check fails at the end of the stream.
    const gz = gzipSync(readFileSync(usage));
    gz[gz.length - 8] ^= 0xff;
    const bad = join(dir, 'corrupt.jsonl.gz');
    writeFileSync(bad, gz);
    for (const worker of [false, true]) {
      const store = await openStore(await target.fresh());
      try {
        let first: number[] | undefined;
        for (let run = 0; run < 2; run++) {
          let upTo = 0;
          await assert.rejects(ingest(store, config, [bad], { batchSize: 1000, worker }), (e: Error) => {
            // The same error from either thread (the worker's comes back as its code and message).
            assert.ok(e instanceof TokenprintError && e.code === 'INVALID_INPUT', `${e.name}: ${e.message}`);
            const m = /corrupt\.jsonl\.gz: the gzip data is corrupt after line (\d+) \(incorrect data check\)/.exec(e.message);
            assert.ok(m, e.message);
            upTo = Number(m[1]);
            return true;
          });
          // Every line is handed over before the trailer check fails: the committed lines are in the ledger, reconciled.
          assert.ok(upTo > 5000 && upTo <= want.read, `read up to line ${upTo}`);
          const [f] = await store.ingestFiles(1);
          assert.equal(f.linesDone, upTo);
          assert.equal(f.read, upTo);
          assert.equal(f.read, f.accepted + f.rejected + f.duplicates);
          assert.ok(f.accepted > 4000);
          // The rerun resumes after the committed lines, meets the same corruption, and adds nothing.
          const now = [f.linesDone, f.read, f.accepted, f.rejected, f.duplicates, await store.rowCount(1)];
          if (first === undefined) first = now;
          else assert.deepEqual(now, first, `worker=${worker}: the rerun changed the ledger`);
        }
      } finally {
        await store.close();
      }
    }
  });

  test(`${target.name}: restatement makes a new factor set and keeps the old one`, async () => {
    const store = await openStore(await target.fresh());
    try {
      await ingest(store, config, [usage]);
      const before = await buildReport(store);
      const changed = parseConfig(SAMPLE_CONFIG.replace('pue: 1.25', 'pue: 1.5'));
      await assert.rejects(ingest(store, changed, [usage]), /restate/);
      const s = await restate(store, changed);
      assert.equal(s.from, 1);
      assert.equal(s.to, 2);
      assert.equal(s.restated, want.accepted);
      const now = await buildReport(store);
      const old = await buildReport(store, { factorSet: 1 });
      close(old.total.carbonKg.location.value, before.total.carbonKg.location.value, 'old factor set unchanged');
      // Only the Paris deployment's facility energy scales with PUE: 1.5/1.25 of its share.
      const paris = (r: typeof now) => r.rows.find((x) => x.keys.deployment === 'llama-70b-paris')!.energyKWh.value;
      const nowD = await buildReport(store, { by: ['deployment'] });
      const oldD = await buildReport(store, { by: ['deployment'], factorSet: 1 });
      close(paris(nowD) / paris(oldD), 1.5 / 1.25, 'PUE ratio');
      // Water: on-site is WUE × IT energy (PUE leaves it alone); off-site follows facility energy (× 1.5/1.25).
      const parisRow = (r: typeof now) => r.rows.find((x) => x.keys.deployment === 'llama-70b-paris')!;
      close(parisRow(nowD).waterOnsiteL ?? NaN, parisRow(oldD).waterOnsiteL ?? NaN, 'on-site water unchanged by PUE');
      close((parisRow(nowD).waterOffsiteL ?? NaN) / (parisRow(oldD).waterOffsiteL ?? NaN), 1.5 / 1.25, 'off-site water PUE ratio');
      close((now.total.waterOnsiteL ?? NaN) + (now.total.waterOffsiteL ?? NaN), now.total.waterL.value, 'restated water parts add up');
      assert.equal(now.total.requests, before.total.requests);
      // New events now book under the restated factor set.
      const again = await ingest(store, changed, [usage]);
      assert.equal(again.factorSet, 2);
      assert.equal(again.accepted, 0);
    } finally {
      await store.close();
    }
  });

  test(`${target.name}: hourly grid data sets location-based carbon for the event's hour`, async () => {
    const store = await openStore(await target.fresh());
    try {
      const f = join(dir, `one-${target.name}.jsonl`);
      writeFileSync(f, [
        JSON.stringify({ id: 'a', timestamp: '2025-06-03T10:15:00Z', provider: 'self-hosted', deployment: 'llama-70b-paris', input_tokens: 1000, output_tokens: 200 }),
        JSON.stringify({ id: 'b', timestamp: '2025-06-03T11:15:00Z', provider: 'self-hosted', deployment: 'llama-70b-paris', input_tokens: 1000, output_tokens: 200 }),
      ].join('\n'));
      await store.putHourly([{ zone: 'FR', hourMs: Date.parse('2025-06-03T10:00:00Z'), gPerKWh: 100, factorType: 'lifecycle' }]);
      await ingest(store, config, [f]);
      const rows = await store.driver.query(`SELECT key, energy_wh, carbon_loc_g, loc_basis FROM tp_ledger ORDER BY key`);
      assert.equal(rows[0].loc_basis, 'hourly');
      close(Number(rows[0].carbon_loc_g), (Number(rows[0].energy_wh) / 1000) * 100, 'hourly carbon');
      assert.equal(rows[1].loc_basis, 'yearly');
    } finally {
      await store.close();
    }
  });
}
