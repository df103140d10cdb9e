/**
 * The ingest and restate summaries give water as on-site + off-site = total (issue 10: "report both parts
 * everywhere, and their sum"), in text and JSON, and the parts equal the report's for the same rows.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-water-sum-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Water { waterL: number; waterOnsiteL: number | null; waterOffsiteL: number | null }
// The parts are sums of the same rows as the total, in doubles: they agree to rounding.
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('ingest and restate print on-site and off-site water and their sum; --json carries both parts', async () => {
  assert.equal((await runCli(['sample', '--out', dir, '--events', '2000', '--seed', '3'])).code, 0);
  const usage = join(dir, 'usage-2025-06.jsonl');
  const cfg = join(dir, 'tokenprint.yaml');
  const db = join(dir, 'l.duckdb');
  const text = await runCli(['ingest', usage, '--db', db, '--config', cfg]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /water [\d.,]+ L \(on-site [\d.,e-]+ \+ off-site [\d.,e-]+\)/);

  const j = await runCli(['ingest', usage, '--db', join(dir, 'j.duckdb'), '--config', cfg, '--json']);
  const s = JSON.parse(j.stdout) as Water;
  assert.ok(s.waterOnsiteL !== null && s.waterOffsiteL !== null && s.waterOnsiteL > 0 && s.waterOffsiteL > 0);
  close(s.waterOnsiteL + s.waterOffsiteL, s.waterL);
  const rep = JSON.parse((await runCli(['report', '--db', db, '--json'])).stdout) as { total: { waterL: { value: number }; waterOnsiteL: number | null } };
  close(rep.total.waterL.value, s.waterL);
  close(rep.total.waterOnsiteL ?? NaN, s.waterOnsiteL);

  // A grid factor changes the factors, so restate computes a new set; its summary gives water before and after.
  const grid = join(dir, 'fr.csv');
  writeFileSync(grid, 'zone,timestamp,intensity,factor_type\nFR,2025-06-03T10:00:00Z,30,lifecycle\n');
  assert.equal((await runCli(['grid', 'import', grid, '--db', db])).code, 0);
  const r = await runCli(['restate', '--db', db, '--config', cfg]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /water [\d.,]+ L \(on-site [\d.,e-]+ \+ off-site [\d.,e-]+\) → [\d.,]+ L \(on-site/);
  assert.equal((await runCli(['grid', 'import', grid, '--db', join(dir, 'j.duckdb')])).code, 0);
  const rj = JSON.parse((await runCli(['restate', '--db', join(dir, 'j.duckdb'), '--config', cfg, '--json'])).stdout) as { before: Water; after: Water };
  close(rj.before.waterL, s.waterL);
  for (const w of [rj.before, rj.after]) {
    assert.ok(w.waterOnsiteL !== null && w.waterOffsiteL !== null);
    close(w.waterOnsiteL + w.waterOffsiteL, w.waterL);
  }
});
