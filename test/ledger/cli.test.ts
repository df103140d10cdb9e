/** The account verbs in-process through main(): sample → ingest → report (every format) → rejects → grid import. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  let out = '';
  let err = '';
  process.stdout.write = ((c: string | Uint8Array) => ((out += String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => ((err += String(c)), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'tp-cli-'));
const db = join(dir, 'l.duckdb');

test('sample, ingest --json, report in every format, rejects, grid import', async () => {
  const s = await capture(['sample', '--out', dir, '--events', '3000', '--seed', '5']);
  assert.equal(s.code, 0, s.err);
  const usage = join(dir, 'usage-2025-06.jsonl');
  const cfg = join(dir, 'tokenprint.yaml');
  // Deterministic: the same seed writes the same bytes.
  const again = mkdtempSync(join(tmpdir(), 'tp-cli2-'));
  await capture(['sample', '--out', again, '--events', '3000', '--seed', '5']);
  assert.equal(readFileSync(join(again, 'usage-2025-06.jsonl'), 'utf8'), readFileSync(usage, 'utf8'));

  const i = await capture(['ingest', usage, '--db', db, '--config', cfg, '--json']);
  assert.equal(i.code, 0, i.err);
  const sum = JSON.parse(i.out) as { ingestId: number; read: number; accepted: number; rejected: number; duplicates: number; energyKWh: number; carbonKg: { location: number; market: number }; waterL: number };
  assert.equal(sum.read, 3000);
  assert.equal(sum.read, sum.accepted + sum.rejected + sum.duplicates);
  assert.ok(sum.energyKWh > 0 && sum.carbonKg.location > 0 && sum.carbonKg.market > 0 && sum.waterL > 0);

  const csv = await capture(['report', '--db', db, '--by', 'team', '--format', 'csv']);
  assert.equal(csv.code, 0, csv.err);
  const rows = csv.out.trim().split('\n').map((l) => l.split(','));
  const col = rows[0].indexOf('co2e_location_kg');
  const teams = rows.slice(1, -1);
  const total = Number(rows[rows.length - 1][col]);
  assert.ok(Math.abs(teams.reduce((a, r) => a + Number(r[col]), 0) - total) <= 1e-9 * total);
  assert.ok(Math.abs(total - sum.carbonKg.location) <= 1e-9 * total);

  const json = JSON.parse((await capture(['report', '--db', db, '--by', 'provider,month', '--json'])).out) as { rows: { keys: Record<string, string> }[] };
  assert.deepEqual([...new Set(json.rows.map((r) => r.keys.provider))].sort(), ['anthropic', 'google', 'openai', 'self-hosted']);
  const md = await capture(['report', '--db', db, '--format', 'md', '--by', 'model']);
  assert.match(md.out, /\| model \| requests/);
  assert.match(md.out, /Scope 3 cat\. 2/);
  const table = await capture(['report', '--db', db, '--by', 'team', '--from', '2025-06-01', '--to', '2025-06-30']);
  assert.match(table.out, /GHG view/);

  const html = join(dir, 'r.html');
  const h = await capture(['report', '--db', db, '--format', 'html', '--out', html]);
  assert.equal(h.code, 0, h.err);
  const page = readFileSync(html, 'utf8');
  assert.equal((page.match(/<svg /g) ?? []).length, 4, 'over time, by team, by model, by scope');
  assert.doesNotMatch(page.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, ''), /(src|href)=|https?:\/\/|<script|@import/);

  const rj = JSON.parse((await capture(['rejects', '--db', db, '--json'])).out) as { total: number; rejects: { line: number; reason: string }[] };
  assert.equal(rj.total, sum.rejected);
  assert.ok(rj.rejects.every((r) => r.line > 0 && r.reason.length > 0));

  assert.equal((await capture(['report', '--db', db, '--by', 'colour'])).code, 2);
  assert.equal((await capture(['report', '--db', db, '--from', '2025-13-01'])).code, 2);
  assert.equal((await capture(['ingest', join(dir, 'missing.jsonl'), '--db', db, '--config', cfg])).code, 2);

  const grid = join(dir, 'fr.csv');
  writeFileSync(grid, 'zone,timestamp,intensity,factor_type\nFR,2025-06-03T10:00:00Z,30,lifecycle\n');
  const g = await capture(['grid', 'import', grid, '--db', db, '--json']);
  assert.equal(g.code, 0, g.err);
  assert.equal((JSON.parse(g.out) as { rows: number }).rows, 1);
  // The factors changed: ingest refuses until restated, restate then succeeds.
  const refused = await capture(['ingest', usage, '--db', db, '--config', cfg]);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /restate/);
  const r = await capture(['restate', '--db', db, '--config', cfg, '--json']);
  assert.equal(r.code, 0, r.err);
  assert.equal((JSON.parse(r.out) as { to: number }).to, 2);
});
