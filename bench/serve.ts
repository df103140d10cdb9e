/**
 * `npm run bench -- serve` (issue 15): sustained POST /v1/events of 1,000-event batches from several concurrent
 * writers against `tokenprint serve` on 127.0.0.1 (a child process; port 0), with report reads at the same time;
 * autocannon drives both and stops after the given number of batches. Printed: events/s accepted over HTTP, p50/p99
 * of a batch and of a read, beside one CLI ingest of the same events in the same run; zero lost or doubled events
 * is checked (accepted over HTTP = events sent; the server's totals = the CLI ledger's).
 * Sizes: TOKENPRINT_BENCH_SERVE_BATCHES (default 1,000: about 20 s of sustained writes, so the first requests'
 * warm-up, the JIT, the parsing workers starting and the key set loading, is not most of the p99),
 * TOKENPRINT_BENCH_SERVE_WRITERS (default 4);
 * TOKENPRINT_BENCH_SERVE_MAX_STALE (default 1): the reader's `Cache-Control: max-stale` in seconds (0: every read
 * sums the ledger afresh, see src/server/read-model.ts); TOKENPRINT_BENCH_SERVE_PROF=DIR profiles the server (a .cpuprofile per process, written when it stops).
 * Targets: ≥ 100k events/s, batch p99 < 250 ms, read p99 < 100 ms.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { generateSample, SAMPLE_CONFIG } from '../src/ledger/sample.js';
import { parseConfig } from '../src/ledger/config.js';
import { openStore } from '../src/ledger/store/open-store.js';
import { ingest } from '../src/ledger/ingest/ingest.js';
import { buildReport } from '../src/ledger/report/report.js';
import { KeyFile } from '../src/server/key-file.js';
import { newKey } from '../src/server/keys.js';

const ROOT = resolve(import.meta.dirname, '..');
const BATCH = 1000;

/** CPU seconds (user + system) a process and all its threads used so far, from /proc (Linux; NaN elsewhere). */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const v = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(v[11]) + Number(v[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds per thread name of a process (/proc/PID/task/TID: the main JS thread is named after the executable). */
function threadCpuOf(pid: number | undefined): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const f = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = f.slice(f.indexOf('(') + 1, f.lastIndexOf(')')).replace(/\d+$/, 'N');
      const v = f.slice(f.lastIndexOf(')') + 2).split(' ');
      const key = tid === String(pid) ? 'main JS thread' : `${name}#${tid}`;
      out.set(key, (out.get(key) ?? 0) + (Number(v[11]) + Number(v[12])) / 100);
    }
  } catch {
    // not Linux, or the process is gone
  }
  return out;
}

function serve(data: string, config: string): Promise<{ url: string; pid: number | undefined; stop: () => Promise<void> }> {
  return new Promise((res, rej) => {
    // TOKENPRINT_BENCH_SERVE_PROF=DIR writes the server's CPU profile there (node --cpu-prof), to see where time goes.
    const prof = process.env.TOKENPRINT_BENCH_SERVE_PROF;
    const child = spawn(process.execPath, [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), '--import', 'tsx', join(ROOT, 'src/cli/run.ts'), 'serve', '--db', data, '--config', config, '--port', '0', '--quiet', '--rate-limit', '1000000', '--burst', '1000000'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      err += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) res({ url: m[1], pid: child.pid, stop: () => new Promise((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))) });
    });
    child.once('exit', (c) => rej(new Error(`serve exited (${c}): ${err}`)));
  });
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

export async function benchServe(): Promise<string> {
  const nBatches = Number(process.env.TOKENPRINT_BENCH_SERVE_BATCHES ?? 1000);
  const writers = Number(process.env.TOKENPRINT_BENCH_SERVE_WRITERS ?? 4);
  const maxStale = Number(process.env.TOKENPRINT_BENCH_SERVE_MAX_STALE ?? 1);
  // TOKENPRINT_BENCH_SERVE_READERS (default 1): concurrent report readers; 0 measures the writes alone.
  const readers = Number(process.env.TOKENPRINT_BENCH_SERVE_READERS ?? 1);
  const dir = mkdtempSync(join(tmpdir(), 'tp-bench-serve-'));
  try {
    // Clean events (no rejects, no duplicates) so that accepted must equal sent.
    const lines: string[] = [];
    generateSample((l) => lines.push(l), { events: nBatches * BATCH, seed: 21, badShare: 0, duplicateShare: 0 });
    const batches: string[] = [];
    for (let i = 0; i < nBatches; i++) batches.push(lines.slice(i * BATCH, (i + 1) * BATCH).join('\n') + '\n');
    const events = batches.reduce((a, b) => a + b.split('\n').length - 1, 0);
    const config = join(dir, 'tokenprint.yaml');
    writeFileSync(config, SAMPLE_CONFIG);

    // Baseline in the same run: one CLI ingest of the same events (in-line parsing, as for a file of this size).
    const all = join(dir, 'all.jsonl');
    writeFileSync(all, batches.join(''));
    const cli = await openStore(join(dir, 'cli.duckdb'));
    const t0 = performance.now();
    const cs = await ingest(cli, parseConfig(SAMPLE_CONFIG), [all]);
    const cliS = (performance.now() - t0) / 1000;
    const want = await buildReport(cli);
    await cli.close();

    const data = join(dir, 'data');
    const w = await newKey('bench', 'ingest', 'bench');
    const r = await newKey('bench', 'read', 'bench');
    const keys = new KeyFile(join(data, 'keys.json'));
    await keys.add(w.record);
    await keys.add(r.record);
    const srv = await serve(data, config);
    try {
      // warm-up: the first request pays the key check (scrypt) and opening the tenant's ledger
      await fetch(`${srv.url}/v1/report`, { headers: { authorization: `Bearer ${r.key}` } });
      await fetch(`${srv.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${w.key}`, 'content-type': 'application/x-ndjson' }, body: batches[0] });
      let next = 1;
      let accepted = 0;
      let duplicates = 0;
      let failed = 0;
      const tW = performance.now();
      let lastResponse = tW;
      let answered = 0;
      let atLast: { cpu: number; threads: Map<string, number>; gen: NodeJS.CpuUsage } | undefined;
      const cpuSrv0 = cpuSecondsOf(srv.pid);
      const threads0 = threadCpuOf(srv.pid);
      const cpuGen0 = process.cpuUsage();
      let readDone: (x: autocannon.Result) => void = () => undefined;
      const readResult = new Promise<autocannon.Result>((res) => (readDone = res));
      const reads = readers === 0 ? undefined : autocannon(
        {
          url: `${srv.url}/v1/report?by=team,model`,
          connections: Math.max(1, readers),
          duration: 600, // stopped when the writers finish
          headers: { authorization: `Bearer ${r.key}`, ...(maxStale > 0 ? { 'cache-control': `max-stale=${maxStale}` } : {}) },
        },
        (_e, res) => readDone(res),
      );
      const write = await autocannon({
        url: `${srv.url}/v1/events`,
        connections: writers,
        amount: nBatches - 1,
        timeout: 30,
        method: 'POST',
        headers: { authorization: `Bearer ${w.key}`, 'content-type': 'application/x-ndjson' },
        requests: [{ setupRequest: (req) => ({ ...req, body: batches[next++ % nBatches] }), onResponse: (status, body) => {
          lastResponse = performance.now();
          // The server's CPU at the last answer (after it, the reader alone would still be counted).
          if (++answered === nBatches - 1) atLast = { cpu: cpuSecondsOf(srv.pid), threads: threadCpuOf(srv.pid), gen: process.cpuUsage(cpuGen0) };
          if (status !== 200) return void failed++;
          const j = JSON.parse(body) as { accepted: number; duplicates: number };
          accepted += j.accepted;
          duplicates += j.duplicates;
        } }],
      });
      // Up to the last answer: autocannon notices that `amount` is reached on its once-a-second tick, so its own end
      // (and so a wall time taken after it) comes up to a second late.
      const wallS = (lastResponse - tW) / 1000;
      const cpuSrvS = (atLast?.cpu ?? cpuSecondsOf(srv.pid)) - cpuSrv0;
      const threads = [...(atLast?.threads ?? threadCpuOf(srv.pid))].map(([k, v]) => [k, v - (threads0.get(k) ?? 0)] as const).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]);
      const g = atLast?.gen ?? process.cpuUsage(cpuGen0);
      const cpuGenS = (g.user + g.system) / 1e6;
      reads?.stop();
      const read = reads === undefined ? undefined : await readResult;
      const got = (await (await fetch(`${srv.url}/v1/report`, { headers: { authorization: `Bearer ${r.key}` } })).json()) as { total: { requests: number; energyKWh: { value: number } } };
      const eventsPerS = ((nBatches - 1) * BATCH) / wallS;
      const lostOrDoubled = got.total.requests - want.total.requests;
      const energyRel = Math.abs(got.total.energyKWh.value - want.total.energyKWh.value) / want.total.energyKWh.value;
      return [
        `${events.toLocaleString('en-US')} events in ${nBatches} batches of ${BATCH}, ${writers} concurrent writers + ${readers} reader(s) (GET /v1/report?by=team,model), 127.0.0.1`,
        `HTTP  POST /v1/events: ${Math.round(eventsPerS).toLocaleString('en-US')} events/s accepted · batch p50 ${ms(write.latency.p50)} · p99 ${ms(write.latency.p99)} · ${failed} failed (target ≥ 100,000 events/s, p99 < 250 ms)`,
        read === undefined
          ? 'HTTP  GET /v1/report: no readers (TOKENPRINT_BENCH_SERVE_READERS=0)'
          : `HTTP  GET /v1/report under that load (${readers} reader${readers === 1 ? '' : 's'}, ${maxStale > 0 ? `Cache-Control: max-stale=${maxStale}` : 'fresh sums'}): ${read.requests.total} reads · p50 ${ms(read.latency.p50)} · p99 ${ms(read.latency.p99)} (target p99 < 100 ms)`,
        `CPU   during the writes (${wallS.toFixed(2)} s wall, 2 cores = ${(2 * wallS).toFixed(2)} CPU-s): server ${cpuSrvS.toFixed(2)} CPU-s = ${Math.round((cpuSrvS * 1e6) / ((nBatches - 1) * BATCH))} µs per event (${threads.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}), load generator (this process: autocannon) ${cpuGenS.toFixed(2)} CPU-s; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
        `CLI   tokenprint ingest of the same events: ${Math.round(cs.accepted / cliS).toLocaleString('en-US')} events/s (${cliS.toFixed(2)} s) → HTTP is ${(eventsPerS / (cs.accepted / cliS)).toFixed(2)}× the CLI`,
        `check accepted over HTTP ${(accepted + BATCH).toLocaleString('en-US')} + duplicates ${duplicates} of ${events.toLocaleString('en-US')} sent; ledger requests HTTP ${got.total.requests.toLocaleString('en-US')} vs CLI ${want.total.requests.toLocaleString('en-US')} (${lostOrDoubled === 0 ? 'none lost or doubled' : `DIFFERENCE ${lostOrDoubled}`}); energy equal to ${energyRel.toExponential(1)} relative`,
      ].join('\n');
    } finally {
      await srv.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
