/**
 * The adversarial corpus (test/fixtures/adversarial/, issue 11) on every storage adapter: each hostile record is
 * one reject with its reason (or accepted, as the fixture says), nothing aborts the ingest, counts reconcile
 * (read = accepted + rejected + duplicates), every accepted row is in every total, and DuckDB and PostgreSQL give
 * the same counts and the same report.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defaultConfig } from '../../src/ledger/config.js';
import { openStore } from '../../src/ledger/store/open-store.js';
import { ingest, type IngestSummary } from '../../src/ledger/ingest/ingest.js';
import { buildReport } from '../../src/ledger/report/report.js';
import { targets } from './helpers/stores.js';

interface Case {
  readonly name: string;
  readonly line?: string;
  readonly template?: string;
  readonly fill?: { text?: string; open?: string; close?: string; inner?: string; count: number };
  readonly expect: 'accept' | 'reject' | 'duplicate' | 'blank';
  readonly reason?: string;
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'adversarial');
const cases = (JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as { cases: Case[] }).cases;

function lineOf(c: Case): string {
  if (c.line !== undefined) return c.line;
  const f = c.fill!;
  const fill = f.text !== undefined ? f.text.repeat(f.count) : f.open!.repeat(f.count) + (f.inner ?? '') + f.close!.repeat(f.count);
  return c.template!.replace('@FILL@', fill);
}

const dir = mkdtempSync(join(tmpdir(), 'tp-adversarial-'));
const corpus = join(dir, 'corpus.jsonl');
writeFileSync(corpus, cases.map(lineOf).join('\n') + '\n');
for (const f of ['bom.jsonl', 'concatenated.jsonl.gz', 'trailing-garbage.jsonl.gz']) copyFileSync(join(FIXTURES, f), join(dir, f));
/** A gzip of `n` usage lines, each member of `members` holding a share; cut to `cut` of its bytes, or `tail` appended. */
function gzFile(name: string, n: number, o: { cut?: number; tail?: Buffer; members?: number }): { path: string; lines: number; bytes: number } {
  const line = (i: number) => JSON.stringify({ id: `${name}-${i}`, timestamp: '2025-06-02T10:00:00Z', provider: 'openai', model: 'gpt-4o', input_tokens: 100 + (i % 50), output_tokens: 20, team: `t${i % 7}` });
  const parts: Buffer[] = [];
  const m = o.members ?? 1;
  for (let k = 0; k < m; k++) {
    const from = Math.floor((k * n) / m);
    const to = Math.floor(((k + 1) * n) / m);
    parts.push(gzipSync(Array.from({ length: to - from }, (_, j) => line(from + j) + '\n').join('')));
  }
  let bytes = Buffer.concat(parts);
  if (o.cut !== undefined) bytes = bytes.subarray(0, Math.floor(bytes.length * o.cut));
  if (o.tail) bytes = Buffer.concat([bytes, o.tail]);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, lines: n, bytes: bytes.length };
}
const truncated = gzFile('truncated.jsonl.gz', 5000, { cut: 0.5 });
const concatGarbage = gzFile('concat-garbage.jsonl.gz', 300, { members: 3, tail: Buffer.from('\0\0not gzip at all') });
const want = {
  accepted: cases.filter((c) => c.expect === 'accept').length,
  rejected: cases.filter((c) => c.expect === 'reject').length,
  duplicates: cases.filter((c) => c.expect === 'duplicate').length,
};
const config = defaultConfig();

interface Outcome {
  readonly summary: IngestSummary;
  readonly report: { requests: number; energyKWh: number; locKg: number; byMonth: string };
  readonly rejects: string;
}
const outcomes = new Map<string, Outcome>();

const ts = targets();
after(async () => {
  for (const t of ts) await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

for (const target of ts) {
  test(`${target.name}: the adversarial corpus gives one verdict per record, as the fixture says`, async () => {
    const store = await openStore(await target.fresh());
    try {
      const s = await ingest(store, config, [corpus], { batchSize: 16 });
      assert.equal(s.read, s.accepted + s.rejected + s.duplicates, 'read = accepted + rejected + duplicates');
      assert.equal(s.blank, cases.filter((c) => c.expect === 'blank').length, 'blank lines are counted beside read');
      assert.equal(s.read + s.blank, cases.length, 'every line of the corpus is a record read or a blank line');
      assert.deepEqual((await store.ingestFiles(s.ingestId)).map((f) => [f.read, f.blank]), [[s.read, s.blank]], 'tp_ingest_files keeps both');
      const rejects = await store.rejects(s.ingestId, 10_000);
      const byLine = new Map(rejects.map((r) => [r.line, r.reason]));
      cases.forEach((c, i) => {
        const reason = byLine.get(i + 1);
        if (c.expect === 'reject') {
          assert.ok(reason !== undefined, `line ${i + 1} (${c.name}) should be refused`);
          assert.ok(reason.includes(c.reason ?? ''), `line ${i + 1} (${c.name}): reason '${reason}' should mention '${c.reason}'`);
        } else {
          assert.equal(reason, undefined, `line ${i + 1} (${c.name}) should not be refused`);
        }
      });
      assert.deepEqual({ accepted: s.accepted, rejected: s.rejected, duplicates: s.duplicates }, want);

      // Every accepted row is in every total: the report, the view, and its derived columns.
      const r = await buildReport(store, { by: ['month'] });
      assert.equal(r.total.requests, s.accepted, 'report requests = accepted rows');
      assert.equal(r.rows.reduce((a, x) => a + x.requests, 0), s.accepted, 'by-month rows add up to every accepted row');
      const v = await store.driver.query(`SELECT count(*) AS n, count(ts) AS t, count(day) AS d, SUM(energy_wh) AS e FROM tp_ledger`);
      assert.equal(Number(v[0].n), s.accepted);
      assert.equal(Number(v[0].t), s.accepted, 'every ts converts');
      assert.equal(Number(v[0].d), s.accepted);
      // Same doubles summed in another order: 1e-9 relative.
      assert.ok(Math.abs(Number(v[0].e) / 1000 - r.total.energyKWh.value) <= 1e-9 * r.total.energyKWh.value, 'view energy = report energy');
      assert.ok(Math.abs(s.energyKWh - r.total.energyKWh.value) <= 1e-9 * r.total.energyKWh.value, 'ingest energy = report energy');
      outcomes.set(target.name, {
        summary: s,
        report: {
          requests: r.total.requests,
          energyKWh: r.total.energyKWh.value,
          locKg: r.total.carbonKg.location.value,
          byMonth: r.rows.map((x) => `${x.keys.month}:${x.requests}`).join(','),
        },
        rejects: rejects.map((x) => `${x.line}:${x.reason}:${x.raw === null ? 0 : x.raw.length}`).join('\n'),
      });

      // Ingesting the same file again adds nothing and does not store its rejects a second time.
      const again = await ingest(store, config, [corpus], { batchSize: 16 });
      assert.equal(again.accepted, 0);
      assert.equal(again.duplicates, s.accepted + s.duplicates);
      assert.equal(again.rejected, s.rejected);
      assert.equal(again.blank, s.blank);
      assert.equal(await store.rejectCount(again.ingestId), s.rejected, 'the second ingest records what it refused');
      assert.equal(await store.rejectCount(), s.rejected, 'the ledger-wide list shows each refused line once');
      assert.equal((await store.rejects(undefined, 10_000)).length, s.rejected);
    } finally {
      await store.close();
    }
  });

  test(`${target.name}: a UTF-8 byte-order mark does not cost line 1; concatenated gzip members are all read`, async () => {
    const store = await openStore(await target.fresh());
    try {
      const bom = await ingest(store, config, [join(dir, 'bom.jsonl')]);
      assert.deepEqual([bom.read, bom.accepted, bom.rejected], [2, 2, 0]);
      const gz = await ingest(store, config, [join(dir, 'concatenated.jsonl.gz')]);
      assert.deepEqual([gz.read, gz.accepted, gz.rejected], [2, 2, 0]);
    } finally {
      await store.close();
    }
  });

  test(`${target.name}: a pretty-printed JSON document: the record giving a key twice is one reject on its line, blank lines around it are counted`, async () => {
    const store = await openStore(await target.fresh());
    try {
      const ev = (id: string) => ({ id, timestamp: '2025-06-02T10:00:00Z', provider: 'openai', model: 'gpt-4o', input_tokens: 100, output_tokens: 20 });
      const lines = JSON.stringify([ev('doc-a'), ev('doc-b'), ev('doc-c')], null, 2).split('\n');
      const at = lines.findIndex((l) => l.includes('"doc-b"'));
      lines.splice(at + 1, 0, '    "input_tokens": 1,');
      const path = join(dir, 'pretty.json');
      writeFileSync(path, '\n' + lines.join('\n') + '\n');
      const s = await ingest(store, config, [path]);
      assert.deepEqual([s.read, s.accepted, s.rejected, s.duplicates, s.blank], [3, 2, 1, 0, 1]);
      const [r] = await store.rejects(s.ingestId, 10);
      // The blank line 1, then the document: the key is given again on doc-b's own input_tokens line.
      const again = lines.findIndex((l, i) => i > at + 1 && l.includes('"input_tokens"'));
      assert.equal(r.line, again + 2);
      assert.match(r.reason, /^input_tokens: duplicate JSON key/);
      assert.equal((await buildReport(store, {})).total.requests, 2);
    } finally {
      await store.close();
    }
  });

  test(`${target.name}: damaged gzip keeps every complete line before the damage and books the damage as one reject`, async () => {
    const store = await openStore(await target.fresh());
    try {
      // Two complete lines, then bytes that are not gzip: Node's gunzip alone would drop the member with the error.
      const tg = await ingest(store, config, [join(dir, 'trailing-garbage.jsonl.gz')]);
      assert.deepEqual([tg.read, tg.accepted, tg.rejected], [3, 2, 1]);
      const [garbage] = await store.rejects(tg.ingestId, 10);
      assert.equal(garbage.line, 3);
      assert.match(garbage.reason, /damaged gzip at byte 130: 18 bytes of trailing data that is not gzip, after member 1\. Every complete line before it was read/);

      // Cut in the middle of the deflate data: every whole line inflated before the cut is kept, the cut line is
      // the one reject.
      const tr = await ingest(store, config, [truncated.path]);
      assert.ok(tr.accepted > 100 && tr.accepted < truncated.lines, `${tr.accepted} of ${truncated.lines} lines before the cut`);
      assert.equal(tr.rejected, 1);
      assert.equal(tr.read, tr.accepted + tr.rejected + tr.duplicates);
      const [cut] = await store.rejects(tr.ingestId, 10);
      assert.equal(cut.line, tr.accepted + 1);
      assert.match(cut.reason, new RegExp(`damaged gzip at byte ${truncated.bytes.toLocaleString('en-US')}: the file ends inside gzip member 1 .*truncated \\(the line it cuts is not read\\)`));

      // Members concatenated, the last followed by garbage: both members' lines, then one reject.
      const cg = await ingest(store, config, [concatGarbage.path]);
      assert.deepEqual([cg.read, cg.accepted, cg.rejected], [concatGarbage.lines + 1, concatGarbage.lines, 1]);
      const report = await buildReport(store, {});
      assert.equal(report.total.requests, tg.accepted + tr.accepted + cg.accepted, 'every accepted line is in the report');
    } finally {
      await store.close();
    }
  });
}

test('DuckDB and PostgreSQL give the same counts, rejects and report for the corpus', { skip: ts.length < 2 ? 'PostgreSQL not configured (TOKENPRINT_TEST_PG)' : false }, () => {
  const d = outcomes.get('duckdb');
  const p = outcomes.get('postgres');
  assert.ok(d && p, 'both stores ran the corpus');
  assert.deepEqual([p.summary.read, p.summary.accepted, p.summary.rejected, p.summary.duplicates, p.summary.blank], [d.summary.read, d.summary.accepted, d.summary.rejected, d.summary.duplicates, d.summary.blank]);
  assert.equal(p.rejects, d.rejects);
  assert.equal(p.report.requests, d.report.requests);
  assert.equal(p.report.byMonth, d.report.byMonth);
  // Same doubles, summed by two engines in different orders: 1e-9 relative.
  assert.ok(Math.abs(p.report.energyKWh - d.report.energyKWh) <= 1e-9 * d.report.energyKWh);
  assert.ok(Math.abs(p.report.locKg - d.report.locKg) <= 1e-9 * d.report.locKg);
});
