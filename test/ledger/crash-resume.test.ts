/**
 * Resumable ingestion with a real process killed by SIGKILL right after it committed a few batches: running the
 * same command again ends with exactly the ledger (counts and totals) of one clean run.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSample, SAMPLE_CONFIG } from '../../src/ledger/sample.js';
import { openStore } from '../../src/ledger/store/open-store.js';
import { summarize } from '../../src/ledger/ingest/ingest.js';
import { targets } from './helpers/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-crash-'));
const usage = join(dir, 'usage.jsonl');
const cfg = join(dir, 'tokenprint.yaml');
const lines: string[] = [];
generateSample((l) => lines.push(l), { events: 12_000, seed: 3 });
writeFileSync(usage, lines.join('\n') + '\n');
writeFileSync(cfg, SAMPLE_CONFIG);
const cli = join(import.meta.dirname, 'helpers', 'run-cli.ts');

function run(db: string, killAfterCommits?: number, worker = '0'): Promise<{ code: number | null; signal: NodeJS.Signals | null; commits: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'ingest', usage, '--db', db, '--config', cfg, '--batch-size', '400', '--json'], {
      env: { ...process.env, TOKENPRINT_TRACE_COMMITS: killAfterCommits === undefined ? '1' : '40', TOKENPRINT_INGEST_WORKER: worker },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let commits = 0;
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      err += d;
      commits += (d.match(/^committed /gm) ?? []).length;
      if (killAfterCommits !== undefined && commits >= killAfterCommits && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => (code !== 0 && signal === null ? reject(new Error(`ingest failed (${code}): ${err}`)) : resolve({ code, signal, commits, out })));
  });
}

async function ledgerState(db: string) {
  const store = await openStore(db);
  try {
    const s = await summarize(store, 1);
    const rows = await store.driver.query(`SELECT count(*) AS n, COUNT(DISTINCT key) AS k, SUM(energy_wh) AS e, SUM(carbon_loc_g) AS l FROM tp_rows`);
    const rejects = await store.rejectCount();
    return { s, n: Number(rows[0].n), k: Number(rows[0].k), e: Number(rows[0].e), l: Number(rows[0].l), rejects };
  } finally {
    await store.close();
  }
}

const ts = targets();
after(async () => { for (const t of ts) await t.cleanup(); });

for (const target of ts) {
  test(`${target.name}: kill -9 mid-ingest, rerun, same ledger as one clean run`, { timeout: 120_000 }, async () => {
    const clean = await target.fresh();
    await run(clean);
    const crashed = await target.fresh();
    // The killed run parses in a worker thread (as large inputs do), the rerun in-line: the checkpoints are the same.
    const first = await run(crashed, 3, '1');
    assert.equal(first.signal, 'SIGKILL', 'the first run was killed, not finished');
    const second = JSON.parse((await run(crashed)).out) as { resumed: boolean; ingestId: number; read: number };
    assert.equal(second.resumed, true, 'the rerun resumed the interrupted ingest');
    assert.equal(second.ingestId, 1);
    const a = await ledgerState(clean);
    const b = await ledgerState(crashed);
    assert.equal(b.n, a.n);
    assert.equal(b.k, b.n, 'no key stored twice');
    assert.equal(b.rejects, a.rejects, 'no reject stored twice');
    assert.deepEqual(
      { read: b.s.read, accepted: b.s.accepted, rejected: b.s.rejected, duplicates: b.s.duplicates },
      { read: a.s.read, accepted: a.s.accepted, rejected: a.s.rejected, duplicates: a.s.duplicates },
    );
    assert.equal(b.s.read, lines.length);
    // Same rows, summed in another order: equal to 1e-9 relative.
    assert.ok(Math.abs(b.e - a.e) <= 1e-9 * a.e && Math.abs(b.l - a.l) <= 1e-9 * a.l);
  });
}
