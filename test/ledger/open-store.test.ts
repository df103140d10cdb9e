/**
 * Opening a ledger that is not what it should be (issue 11): a data file named as the ledger, a damaged file, a
 * ledger held by another process, one from a newer tokenprint, one whose tp_meta or tables were edited. Each is
 * refused with the ledger named and what to do, before anything is written; database failures (disk full) get
 * the same treatment.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { openStore } from '../../src/ledger/store/open-store.js';
import { DuckDbDriver } from '../../src/ledger/store/duckdb-driver.js';
import { PostgresDriver } from '../../src/ledger/store/postgres-driver.js';
import { explainDbError, LedgerError } from '../../src/ledger/store/ledger-errors.js';
import { ingest } from '../../src/ledger/ingest/ingest.js';
import { buildReport } from '../../src/ledger/report/report.js';
import { defaultConfig } from '../../src/ledger/config.js';
import { TokenprintError } from '../../src/core/errors.js';
import { main } from '../../src/cli/main.js';
import { targets } from './helpers/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-open-'));
const usage = join(dir, 'usage.jsonl');
writeFileSync(
  usage,
  Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: `o-${i}`, timestamp: '2025-06-01T12:00:00Z', provider: 'openai', model: 'gpt-4o', input_tokens: 100 + i, output_tokens: 20 })).join('\n') + '\n',
);
const ts = targets();
after(async () => {
  for (const t of ts) await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const isLedgerError = (reason: string, pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof LedgerError, `expected a LedgerError, got ${String(e)}`);
  assert.equal(e.reason, reason);
  assert.match(e.message, pattern);
  return true;
};

async function quietMain(argv: string[]): Promise<{ code: number; err: string }> {
  const ew = process.stderr.write.bind(process.stderr);
  const ow = process.stdout.write.bind(process.stdout);
  let err = '';
  process.stderr.write = ((c: string | Uint8Array) => ((err += String(c)), true)) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return { code: await main(argv), err };
  } finally {
    process.stderr.write = ew;
    process.stdout.write = ow;
  }
}

test('--db naming a data file (x.jsonl, .csv, .json, .parquet, .ndjson) is refused and nothing is written', async () => {
  for (const ext of ['jsonl', 'csv', 'json', 'parquet', 'ndjson']) {
    const db = join(dir, `x.${ext}`);
    const r = await quietMain(['ingest', usage, '--db', db]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, new RegExp(`x\\.${ext} names a \\.${ext} data file, not a ledger`));
    assert.equal(existsSync(db), false, `${db} was not created`);
  }
});

test('duckdb: a file of random bytes, or a ledger with damaged blocks, is named as damaged with how to recover', async () => {
  const rand = join(dir, 'random.duckdb');
  writeFileSync(rand, Buffer.from(Array.from({ length: 1 << 16 }, (_, i) => (i * 7919) % 251)));
  await assert.rejects(openStore(rand), isLedgerError('damaged', /random\.duckdb is not a DuckDB ledger .*Restore it from a backup/));

  const db = join(dir, 'blocks.duckdb');
  const store = await openStore(db);
  await ingest(store, defaultConfig(), [usage]);
  await store.close();
  // Every block after DuckDB's three 4 KiB headers is overwritten: whatever is read next fails its checksum.
  const bytes = readFileSync(db);
  bytes.fill(0x5a, 3 * 4096);
  writeFileSync(db, bytes);
  await assert.rejects(
    (async () => {
      const s = await openStore(db);
      try {
        await buildReport(s, {});
      } finally {
        await s.close();
      }
    })(),
    isLedgerError('damaged', /blocks\.duckdb is damaged .*ingest the usage files again/),
  );
  const cli = await quietMain(['report', '--db', db]);
  assert.equal(cli.code, 1);
  assert.doesNotMatch(cli.err, /unexpected error/);
});

test('duckdb: a ledger another process holds is refused naming that process, with PostgreSQL suggested', async () => {
  const db = join(dir, 'held.duckdb');
  (await openStore(db)).close();
  const holder = spawn(process.execPath, [
    '--input-type=module',
    '-e',
    `import { DuckDBInstance } from '@duckdb/node-api'; const i = await DuckDBInstance.create(${JSON.stringify(db)}); await i.connect(); console.log('ready'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`,
  ], { stdio: ['pipe', 'pipe', 'inherit'], cwd: process.cwd() });
  try {
    const [line] = (await once(holder.stdout!, 'data')) as [Buffer];
    assert.equal(line.toString().trim(), 'ready');
    await assert.rejects(openStore(db), isLedgerError('locked', new RegExp(`another process \\(pid ${holder.pid}\\) holds the ledger .*held\\.duckdb.*PostgreSQL`)));
  } finally {
    holder.stdin!.end();
    await once(holder, 'exit');
  }
});

async function raw(location: string) {
  return location.startsWith('postgres') ? PostgresDriver.open(location) : DuckDbDriver.open(location);
}

for (const target of ts) {
  test(`${target.name}: a ledger from a newer schema is refused with upgrade advice and left untouched`, async () => {
    const location = await target.fresh();
    (await openStore(location)).close();
    let d = await raw(location);
    await d.run(`UPDATE tp_meta SET v = '99' WHERE k = 'schema'`);
    await d.run(`DROP VIEW tp_ledger`);
    await d.run(`CREATE VIEW tp_ledger AS SELECT 1 AS from_the_future`);
    await d.close();
    await assert.rejects(openStore(location), (e: unknown) => {
      assert.ok(e instanceof TokenprintError);
      assert.match(e.message, /holds ledger schema 99, written by a newer tokenprint.*Upgrade tokenprint/);
      assert.doesNotMatch(e.message, /Re-create/);
      return true;
    });
    d = await raw(location);
    try {
      assert.deepEqual((await d.query(`SELECT * FROM tp_ledger`)).map((r) => Number(r.from_the_future)), [1], 'the view was not replaced');
    } finally {
      await d.close();
    }
  });

  test(`${target.name}: an emptied tp_meta is refused, not silently stamped`, async () => {
    const location = await target.fresh();
    (await openStore(location)).close();
    let d = await raw(location);
    await d.run(`DELETE FROM tp_meta`);
    await d.close();
    await assert.rejects(openStore(location), isLedgerError('damaged', /no schema version in tp_meta/));
    d = await raw(location);
    try {
      assert.equal((await d.query(`SELECT count(*) AS n FROM tp_meta`)).map((r) => Number(r.n))[0], 0);
    } finally {
      await d.close();
    }
  });

  test(`${target.name}: a ledger with altered tables is refused naming the difference, not with a binder error`, async () => {
    const location = await target.fresh();
    (await openStore(location)).close();
    const d = await raw(location);
    await d.run(`DROP VIEW tp_ledger`);
    await d.run(`ALTER TABLE tp_rows RENAME COLUMN tags TO labels_json`);
    await d.close();
    await assert.rejects(openStore(location), isLedgerError('damaged', /tp_rows lacks tags; tp_rows has unexpected labels_json/));
  });
}

test('a full disk is reported as such, with nothing committed lost and the same command to rerun', () => {
  // The messages DuckDB and PostgreSQL give (DuckDB 1.x: the write error, then every later statement; PG: 53100).
  const cases: unknown[] = [
    new Error('IO Error: Could not write file "/mnt/l.duckdb": No space left on device'),
    new Error('FATAL Error: Failed: database has been invalidated because of a previous fatal error. The database must be restarted prior to being used again.'),
    Object.assign(new Error('could not extend file "base/16384/16397": No space left on device'), { code: '53100' }),
  ];
  for (const c of cases) {
    const e = explainDbError(c, '/mnt/l.duckdb');
    assert.ok(e instanceof LedgerError, String(e));
    assert.equal(e.reason, 'disk-full');
    assert.match(e.message, /\/mnt\/l\.duckdb.*Nothing committed is lost.*free space and rerun the same command/);
  }
  const other = new Error('Binder Error: something else');
  assert.equal(explainDbError(other, 'x'), other, 'other errors pass through');
});

test('duckdb: an empty <db>.tmp spill directory left by a kill -9 is removed at the next open', async () => {
  const { mkdirSync } = await import('node:fs');
  const db = join(dir, 'spill.duckdb');
  mkdirSync(`${db}.tmp`);
  const s = await openStore(db);
  await s.close();
  assert.equal(existsSync(`${db}.tmp`), false);
});
