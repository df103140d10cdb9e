/**
 * A read-only ledger (chmod 444, issue 11): `report`, `rejects` and the other reading commands open DuckDB in
 * READ_ONLY mode and work on it, leaving the file byte for byte as it was; `ingest` says the ledger cannot be
 * written. As root a chmod does not stop writes, so there the commands run as `nobody` in a child process.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-readonly-'));
after(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const asRoot = process.getuid?.() === 0;
/** The CLI as a user who cannot write the ledger: `nobody` when we are root, else ourselves. */
async function cliNoWrite(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!asRoot) return runCli(argv);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', ...argv], {
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
    env: { ...process.env, HOME: dir, TSX_TSCONFIG_PATH: undefined },
    timeout: 120_000,
  });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

test('report and rejects read a chmod-444 ledger and change nothing; ingest says it cannot be written', async () => {
  assert.equal((await runCli(['sample', '--out', dir, '--events', '500', '--seed', '9'])).code, 0);
  const db = join(dir, 'l.duckdb');
  const usage = join(dir, 'usage-2025-06.jsonl');
  const cfg = join(dir, 'tokenprint.yaml');
  assert.equal((await runCli(['ingest', usage, '--db', db, '--config', cfg, '--quiet'])).code, 0);
  const want = JSON.parse((await runCli(['report', '--db', db, '--json'])).stdout) as { total: { requests: number; energyKWh: { value: number } } };
  const wantRejects = (JSON.parse((await runCli(['rejects', '--db', db, '--json'])).stdout) as { total: number }).total;
  chmodSync(db, 0o444);
  chmodSync(dir, 0o555);
  const before = sha(db);

  const rep = await cliNoWrite(['report', '--db', db, '--json']);
  assert.equal(rep.code, 0, rep.stderr);
  const got = JSON.parse(rep.stdout) as typeof want;
  assert.equal(got.total.requests, want.total.requests);
  assert.equal(got.total.energyKWh.value, want.total.energyKWh.value, 'same rows, same sums');
  const table = await cliNoWrite(['report', '--db', db, '--by', 'team']);
  assert.equal(table.code, 0, table.stderr);
  const rj = await cliNoWrite(['rejects', '--db', db, '--json']);
  assert.equal(rj.code, 0, rj.stderr);
  assert.equal((JSON.parse(rj.stdout) as { total: number }).total, wantRejects);
  assert.equal(sha(db), before, 'reading left the file as it was');

  const ing = await cliNoWrite(['ingest', usage, '--db', db, '--config', cfg]);
  assert.equal(ing.code, 1);
  assert.match(ing.stderr, /cannot be written|read-only/i);
  assert.doesNotMatch(ing.stderr, /unexpected error|\n\s+at /);
  assert.equal(sha(db), before);
});
