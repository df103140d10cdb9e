/**
 * Disk full during an ingest, for real (issue 11): the ledger lives on a small tmpfs that the ingest fills. The user
 * sees that the disk is full, which ledger, that nothing committed is lost, and to free space and rerun; the ledger
 * can still be reported on (read-only) while the disk is full; after space is freed the same command resumes and the
 * ledger holds exactly a clean ingest's totals. Needs root and mount (CI runs as root); skips with the reason elsewhere.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'tp-disk-full-'));
const mnt = join(dir, 'small');
mkdirSync(mnt);

/** Whether a 2 MiB tmpfs can be mounted here, or why not. */
function mountSmall(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'needs root to mount a small tmpfs';
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `mount -t tmpfs is not permitted here (${(r.stderr || r.error?.message || '').trim()})`;
}
const skip = mountSmall();
if (skip) process.stdout.write(`# disk-full test skipped: ${skip}\n`);

const cli = (...argv: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', ...argv], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
};

before(() => {
  if (skip) return;
  assert.equal(cli('sample', '--out', join(dir, 's'), '--events', '20000', '--seed', '4').code, 0);
});
after(() => {
  if (!skip) spawnSync('umount', [mnt]);
  rmSync(dir, { recursive: true, force: true });
});

interface Totals { requests: number; energyKWh: { value: number }; carbonKg: { location: { value: number } } }

test('an ingest that fills the disk says so; after freeing space the rerun gives exactly the clean totals', { skip }, () => {
  const usage = join(dir, 's', 'usage-2025-06.jsonl');
  const cfg = join(dir, 's', 'tokenprint.yaml');
  const db = join(mnt, 'ledger.duckdb');
  const full = cli('ingest', usage, '--db', db, '--config', cfg, '--batch-size', '5000', '--quiet');
  assert.equal(full.code, 1, full.stderr);
  assert.match(full.stderr, new RegExp(`the disk holding the ledger ${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is full\\. Nothing committed is lost .*free space and rerun the same command`));
  assert.doesNotMatch(full.stderr, /unexpected error|invalidated|\n\s+at /);

  // Reading does not need the disk: the report opens the ledger read-only while the disk is still full.
  const partial = cli('report', '--db', db, '--json');
  assert.ok(partial.code === 0 || /holds no ledger yet/.test(partial.stderr), partial.stderr);

  // Free space (the tmpfs grows), rerun the same command: it resumes, and the ledger equals a clean ingest.
  assert.equal(spawnSync('mount', ['-o', 'remount,size=256m', mnt]).status, 0);
  const rerun = cli('ingest', usage, '--db', db, '--config', cfg, '--batch-size', '5000', '--json');
  assert.equal(rerun.code, 0, rerun.stderr);
  const clean = join(dir, 'clean.duckdb');
  assert.equal(cli('ingest', usage, '--db', clean, '--config', cfg, '--quiet').code, 0);
  const got = (JSON.parse(cli('report', '--db', db, '--json').stdout) as { total: Totals }).total;
  const want = (JSON.parse(cli('report', '--db', clean, '--json').stdout) as { total: Totals }).total;
  assert.equal(got.requests, want.requests);
  // The same rows summed in another batch order: 1e-9 relative.
  assert.ok(Math.abs(got.energyKWh.value - want.energyKWh.value) <= 1e-9 * want.energyKWh.value, `${got.energyKWh.value} vs ${want.energyKWh.value}`);
  assert.ok(Math.abs(got.carbonKg.location.value - want.carbonKg.location.value) <= 1e-9 * want.carbonKg.location.value);
});
