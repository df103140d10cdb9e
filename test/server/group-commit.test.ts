/**
 * Group commit (ledger/ingest/group-ingest.ts, server/intake.ts): several request bodies committed in one
 * transaction each get their own counts, duplicates within a body, across the bodies of one group and against the
 * ledger are counted where they occur, and the ledger equals one CLI ingest of the same events. Also under
 * concurrent HTTP posts, where how requests fall into groups is up to timing (so only timing-free facts are checked).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/ledger/store/open-store.js';
import { ingest } from '../../src/ledger/ingest/ingest.js';
import { GroupIngest } from '../../src/ledger/ingest/group-ingest.js';
import { buildReport } from '../../src/ledger/report/report.js';
import { defaultConfig } from '../../src/ledger/config.js';
import { events, testServer } from './helpers.js';

const lines = events(300, 'g').trim().split('\n');
/** Same doubles summed in another order: equal to 1e-12 relative. */
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.abs(b);

test('one group: each file its own counts; duplicates within a file, across the group and against the ledger', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-group-'));
  try {
    const files = [
      lines.slice(0, 100).join('\n') + '\n\n' + lines[5] + '\nnot json\n  \n', // 100 new, 1 duplicate within, 1 reject, 2 blank
      lines.slice(50, 150).join('\n') + '\n', // 50 already in the file before (same group), 50 new
      lines.slice(150, 200).join('\n') + '\n{"provider":"openai"}\n', // 50 new, 1 reject
    ].map((body, i) => {
      const p = join(dir, `r${i}.jsonl`);
      writeFileSync(p, body);
      return p;
    });
    const store = await openStore(join(dir, 'group.duckdb'));
    try {
      const g = await GroupIngest.open(store, defaultConfig());
      const prepared = await Promise.all(files.map((f) => g.prepare(f, 'jsonl')));
      const s = await g.commit(prepared);
      assert.deepEqual(
        s.files.map((f) => [f.read, f.accepted, f.rejected, f.duplicates, f.blank]),
        [
          [102, 100, 1, 1, 2],
          [100, 50, 0, 50, 0],
          [51, 50, 1, 0, 0],
        ],
      );
      // the next group: a file of events the ledger already holds, and new ones
      const again = join(dir, 'again.jsonl');
      writeFileSync(again, lines.slice(180, 260).join('\n') + '\n');
      const s2 = await g.commit([await g.prepare(again, 'jsonl')]);
      assert.deepEqual([s2.files[0].accepted, s2.files[0].duplicates], [60, 20]);
      assert.notEqual(s2.ingestId, s.ingestId);
      // The next ingest id is kept between group commits (DuckDB); an ingest by the CLI's path between two group
      // commits must not make the next group reuse its id (tp_ingests' primary key would refuse the commit).
      const cliFile = join(dir, 'cli-between.jsonl');
      writeFileSync(cliFile, lines.slice(260, 270).join('\n') + '\n');
      const between = await ingest(store, defaultConfig(), [cliFile]);
      const last = join(dir, 'last.jsonl');
      writeFileSync(last, lines.slice(270, 280).join('\n') + '\n');
      const s3 = await g.commit([await g.prepare(last, 'jsonl')]);
      assert.deepEqual([s.ingestId, s2.ingestId, between.ingestId, s3.ingestId], [1, 2, 3, 4]);
      assert.equal(s3.files[0].accepted, 10);

      // the same as the CLI ingesting the same files, in the same order
      const cli = await openStore(join(dir, 'cli.duckdb'));
      try {
        const cs = await ingest(cli, defaultConfig(), [...files, again, cliFile, last]);
        assert.equal(cs.accepted, 280);
        assert.equal(cs.blank, 2, 'the CLI counts the same blank lines');
        assert.deepEqual((await store.ingestFiles(s.ingestId)).map((f) => f.blank), [2, 0, 0], 'tp_ingest_files keeps each file\'s blank lines');
        const want = await buildReport(cli, { by: ['team', 'model'] });
        const got = await buildReport(store, { by: ['team', 'model'] });
        assert.equal(got.total.requests, 280);
        assert.deepEqual(got.rows.map((r) => [r.keys, r.requests]), want.rows.map((r) => [r.keys, r.requests]));
        assert.ok(near(got.total.energyKWh.value, want.total.energyKWh.value));
        assert.ok(near(got.total.carbonKg.location.high, want.total.carbonKg.location.high));
        assert.equal((await store.rejects()).length, 2);
      } finally {
        await cli.close();
      }
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two parsing workers: files handed out in turn, each answered with the counts of the order committed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-group-workers-'));
  try {
    // 6 files of 50 events, each sharing 25 with the one before: 300 sent, 175 distinct
    const files = Array.from({ length: 6 }, (_, i) => {
      const p = join(dir, `w${i}.jsonl`);
      writeFileSync(p, lines.slice(i * 25, i * 25 + 50).join('\n') + '\n');
      return p;
    });
    const store = await openStore(join(dir, 'workers.duckdb'));
    const g = await GroupIngest.open(store, defaultConfig(), { worker: true, parsers: 2 });
    try {
      const prepared = await Promise.all(files.map((f) => g.prepare(f, 'jsonl')));
      const s = await g.commit(prepared);
      // In the order given to commit: the first file's events are new, each later one repeats 25 of the one before.
      assert.deepEqual(s.files.map((f) => [f.read, f.accepted, f.duplicates]), [[50, 50, 0], ...Array.from({ length: 5 }, () => [50, 25, 25])]);
      assert.equal((await buildReport(store)).total.requests, 175);
    } finally {
      await g.close();
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('concurrent posts of overlapping batches: every event once, every answer reconciles', async () => {
  const s = await testServer();
  try {
    const key = (await s.key('acme', 'ingest')).key;
    const reader = (await s.key('acme', 'read')).key;
    // 10 bodies of up to 60 events, each sharing 30 with the next: 570 sent, 300 distinct
    const bodies = Array.from({ length: 10 }, (_, i) => lines.slice(i * 30, i * 30 + 60).join('\n') + '\n');
    const answers = await Promise.all(
      bodies.map(async (body) => {
        const r = await s.call('/v1/events', { key, body, type: 'application/x-ndjson' });
        assert.equal(r.status, 200);
        return (await r.json()) as { read: number; accepted: number; rejected: number; duplicates: number };
      }),
    );
    for (const a of answers) assert.equal(a.read, a.accepted + a.rejected + a.duplicates);
    const distinct = new Set(bodies.flatMap((b) => b.trim().split('\n'))).size;
    const sent = answers.reduce((x, a) => x + a.read, 0);
    assert.deepEqual([sent, distinct], [570, 300]);
    assert.equal(answers.reduce((x, a) => x + a.accepted, 0), distinct);
    assert.equal(answers.reduce((x, a) => x + a.duplicates, 0), sent - distinct);
    const report = (await (await s.call('/v1/report', { key: reader })).json()) as { total: { requests: number } };
    assert.equal(report.total.requests, distinct);
  } finally {
    await s.stop();
  }
});
