/**
 * profile-endpoint against servers and power sources that misbehave (issue 11): headers then silence (fails after
 * --timeout, not 600 s), a stream without line ends (refused at 1 MiB, not buffered without bound), and readings
 * that cannot be true (energy going backwards, 1e300 W, completion_tokens 1e15) refused instead of saved.
 * Servers listen on port 0 on 127.0.0.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileEndpoint } from '../../src/measure/profile-endpoint.js';
import { ImplausibleMeasurementError } from '../../src/measure/plausibility.js';
import { saveCalibrations } from '../../src/measure/calibration-file.js';
import type { EnergyCounterSource } from '../../src/sources/power/power-source.js';
import { TokenprintError } from '../../src/core/errors.js';

async function serve(handler: (res: ServerResponse) => void): Promise<{ base: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/v1`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A well-behaved stream of `tokens` content chunks 5 ms apart (so they fall inside the window), with the usage given. */
function stream(res: ServerResponse, tokens: number, completionTokens: number) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  let k = 0;
  const tick = () => {
    if (k++ < tokens) {
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'x' } }] })}\n\n`);
      setTimeout(tick, 5);
      return;
    }
    res.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 10, completion_tokens: completionTokens } })}\n\n`);
    res.end('data: [DONE]\n\n');
  };
  tick();
}

/** An energy counter that reports `joules(k)` at its k-th read. */
function counter(joules: (k: number) => number): EnergyCounterSource {
  let k = 0;
  return {
    kind: 'energy',
    name: 'test-counter',
    component: 'gpu',
    description: 'test',
    precision: { kind: 'measured', low: 0.95, high: 1.05, source: 'test', assumed: [] },
    probe: async () => ({ available: true, devices: [], detail: 'test' }),
    open: async () => undefined,
    close: async () => undefined,
    read: async () => joules(k++),
  } as unknown as EnergyCounterSource;
}

test('a server that sends headers and then nothing fails each request after --timeout, with progress reported', async () => {
  const srv = await serve((res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders(); // and never a byte more
  });
  const progress: string[] = [];
  try {
    await assert.rejects(
      profileEndpoint({ url: srv.base, model: 'm', concurrency: [1], requests: 2, timeoutMs: 200, onProgress: (m) => progress.push(m) }),
      (e: unknown) => {
        assert.ok(e instanceof TokenprintError);
        assert.match(e.message, /all 2 requests .* failed \(first: .*no data from the server for 0\.2 s \(--timeout\)\)/);
        return true;
      },
    );
    assert.ok(progress.some((m) => /concurrency 1: 2\/2 requests done/.test(m)), progress.join('\n'));
  } finally {
    await srv.close();
  }
});

test('a stream with no line ends is refused at 1 MiB, not buffered without bound', async () => {
  const srv = await serve((res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const block = 'x'.repeat(64 * 1024);
    const pump = () => {
      // Until the client goes away: the test fails by hanging (and its memory grows) if the client never stops.
      while (!res.destroyed && res.write(block));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
  try {
    await assert.rejects(profileEndpoint({ url: srv.base, model: 'm', concurrency: [1], requests: 2 }), /more than 1 MiB without a line end/);
  } finally {
    await srv.close();
  }
});

test('completion_tokens beyond max_tokens (1e15) is refused', async () => {
  const srv = await serve((res) => stream(res, 4, 1e15));
  try {
    await assert.rejects(profileEndpoint({ url: srv.base, model: 'm', concurrency: [1], requests: 2, maxTokens: 4 }), (e: unknown) => {
      assert.ok(e instanceof ImplausibleMeasurementError, String(e));
      assert.match(e.message, /completion_tokens 1000000000000000 for a request limited to max_tokens 4.*nothing saved/);
      return true;
    });
  } finally {
    await srv.close();
  }
});

test('an energy counter running backwards, or 1e300 W, is refused', async () => {
  const srv = await serve((res) => stream(res, 8, 8));
  try {
    const backwards = counter((k) => 1e6 - 5000 * k);
    await assert.rejects(
      profileEndpoint({ url: srv.base, model: 'm', concurrency: [1], requests: 2, maxTokens: 8, power: backwards }),
      (e: unknown) => e instanceof ImplausibleMeasurementError && /energy counter of test-counter ran backwards/.test(e.message),
    );
    const huge = counter((k) => 1e300 * k);
    await assert.rejects(
      profileEndpoint({ url: srv.base, model: 'm', concurrency: [1], requests: 2, maxTokens: 8, power: huge }),
      (e: unknown) => e instanceof ImplausibleMeasurementError && /beyond what 16 accelerator\(s\) can draw \(at most 32000 W/.test(e.message),
    );
  } finally {
    await srv.close();
  }
});

test('a calibration that is not a positive number is not saved', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-cal-'));
  try {
    const file = join(dir, 'tokenprint.yaml');
    const entry = { deployment: 'd', hardware: 'h100-sxm', gpus: 1, model: 'm', precision: 'bf16', batch: 8, measuredJPerOutputToken: -5.8, predictedJPerOutputToken: 0.119, factor: -48.7, measuredAt: '2026-01-01T00:00:00Z', source: 'test' };
    assert.throws(() => saveCalibrations(file, [entry]), /measuredJPerOutputToken -5\.8 is not a positive number; nothing was saved/);
    assert.equal(existsSync(file), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
