import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-cli-unusable-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const binary = join(dir, 'blob.bin');
writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x22, 0x2c, 0x0a, 0xff, 0xfe, 3, 0, 0x3e, 0]));

test('ingest: a CSV with the wrong headers or a binary file accepts nothing and exits 1 with the summary', async () => {
  const csv = join(dir, 'wrong.csv');
  writeFileSync(csv, 'foo,bar\n1,2\n3,4\n');
  for (const file of [csv, binary]) {
    const r = await runCli(['ingest', file, '--db', join(dir, 'a.duckdb')]);
    assert.equal(r.code, EXIT.failure, file);
    assert.match(r.stdout, /accepted/, 'the summary is printed');
    assert.match(r.stderr, /accepted nothing of \d+ records read/);
  }
});

test('ingest --max-reject-rate: above the threshold exits 1, the accepted rows are kept; a bad value is a usage error', async () => {
  const good = (id: number) => JSON.stringify({ ts: '2025-06-01T10:00:00Z', provider: 'openai', model: 'gpt-4o-mini', input_tokens: 100, output_tokens: 20, request_id: `r${id}` });
  const file = join(dir, 'mixed.jsonl');
  writeFileSync(file, [good(1), good(2), good(3), '{"broken"', '{"ts":"x"}'].join('\n') + '\n');
  const db = join(dir, 'b.duckdb');
  const strict = await runCli(['ingest', file, '--db', db, '--max-reject-rate', '10%']);
  assert.equal(strict.code, EXIT.failure, strict.stderr);
  assert.match(strict.stderr, /refused 2 of 5 new records \(40\.0 %\), above --max-reject-rate 10 %/);
  const rep = await runCli(['report', '--db', db, '--json']);
  assert.equal(JSON.parse(rep.stdout).total.requests, 3, 'accepted rows kept');
  const lax = await runCli(['ingest', file, '--db', join(dir, 'c.duckdb')]);
  assert.equal(lax.code, 0, '40 % is under the 50 % default');
  const bad = await runCli(['ingest', file, '--db', db, '--max-reject-rate', '150%']);
  assert.equal(bad.code, EXIT.usage);
});

test('grid import: wrong header, binary, unknown zone and 99,999 g/kWh are refused, never "imported 0 values" with exit 0', async () => {
  const db = join(dir, 'g.duckdb');
  const header = join(dir, 'h.csv');
  writeFileSync(header, 'a,b\n1,2\n');
  const h = await runCli(['grid', 'import', header, '--db', db]);
  assert.equal(h.code, EXIT.usage);
  assert.match(h.stderr, /no hourly value could be read[\s\S]*header lacks zone/);
  const b = await runCli(['grid', 'import', binary, '--db', db]);
  assert.equal(b.code, EXIT.usage);
  const rows = join(dir, 'rows.csv');
  writeFileSync(rows, 'zone,timestamp,intensity,factor_type\nXX,2025-06-01T00:00Z,50,lifecycle\nFR,2025-06-01T01:00Z,99999,lifecycle\nFR,2025-06-01T02:00Z,40,lifecycle\n');
  const r = await runCli(['grid', 'import', rows, '--db', db]);
  assert.equal(r.code, EXIT.failure, 'two of three refused: above 50 %');
  assert.match(r.stdout, /imported 1 hourly values for FR/);
  assert.match(r.stdout, /'XX' is not a known grid zone/);
  assert.match(r.stdout, /99999 gCO2e\/kWh is above any grid/);
});

test('schedule --source file:BINARY says the file looks binary instead of printing it', async () => {
  const r = await runCli(['schedule', '--earliest', '2025-06-01', '--latest', '2025-06-02', '--duration', '1h', '--zones', 'FR', '--source', `file:${binary}`]);
  assert.equal(r.code, EXIT.usage);
  assert.match(r.stderr, /looks binary/);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(r.stderr, /[\u0000-\u0008\u007f]/);
});

test('read-only commands never create a ledger: report/rejects --db NEW is a usage error; rejects --ingest 99 is refused', async () => {
  const fresh = join(dir, 'typo.duckdb');
  for (const cmd of [['report'], ['rejects']]) {
    const r = await runCli([...cmd, '--db', fresh]);
    assert.equal(r.code, EXIT.usage, cmd[0]);
    assert.match(r.stderr, /typo\.duckdb does not exist/);
    assert.equal(existsSync(fresh), false);
  }
  const db = join(dir, 'g.duckdb'); // made by the grid test above, or now
  await runCli(['grid', 'import', join(dir, 'rows.csv'), '--db', db]);
  const r = await runCli(['rejects', '--db', db, '--ingest', '99']);
  assert.equal(r.code, EXIT.usage);
  assert.match(r.stderr, /no ingest 99/);
});

test('the same missing input file is exit 2 in every command', async () => {
  const nope = join(dir, 'nope');
  const runs = [
    ['ingest', `${nope}.jsonl`, '--db', join(dir, 'm.duckdb')],
    ['grid', 'import', `${nope}.csv`, '--db', join(dir, 'm.duckdb')],
    ['plan', `${nope}.yaml`],
    ['schedule', '--earliest', '2025-06-01', '--latest', '2025-06-02', '--duration', '1h', '--zones', 'FR', '--source', `file:${nope}.csv`],
    ['ingest', `${nope}.jsonl`, '--config', `${nope}.yaml`, '--db', join(dir, 'm.duckdb')],
  ];
  for (const argv of runs) {
    const r = await runCli(argv);
    assert.equal(r.code, EXIT.usage, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /nope/);
  }
});

test('contradictions: --signal with a static source, scaling --accelerator without --energy-weighted; closed model on hardware', async () => {
  const s = await runCli(['schedule', '--earliest', '2025-06-01', '--latest', '2025-06-02', '--duration', '1h', '--zones', 'FR', '--signal', 'marginal']);
  assert.equal(s.code, EXIT.usage);
  assert.match(s.stderr, /--signal marginal .*--source static/);
  const k = await runCli(['scaling', '--inference-tokens', '2T', '--reference', '8B:1T', '--accelerator', 'l4']);
  assert.equal(k.code, EXIT.usage);
  assert.match(k.stderr, /--accelerator only applies with --energy-weighted/);
  const c = await runCli(['compare-hardware', '--model', 'gpt-4o', '--requests-per-day', '1000']);
  assert.equal(c.code, EXIT.usage);
  assert.match(c.stderr, /closed model .*no self-hostable weights/);
  assert.doesNotMatch(c.stderr, /unknown model/);
});

test('schedule reads the factor basis from a factor_type column (the example file is lifecycle)', async () => {
  const r = await runCli(['schedule', '--earliest', '2025-06-01', '--latest', '2025-06-02', '--duration', '1h', '--zones', 'FR', '--source', 'file:examples/grid-hourly-FR-2025-06.csv', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).zones[0].basis, 'lifecycle');
});
