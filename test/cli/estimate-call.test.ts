import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';
import { estimateCall } from '../../src/estimate/call-estimate.js';

/** Runs the CLI in-process, capturing stdout and stderr. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

const base = ['estimate', 'call', '--provider', 'openai', '--model', 'gpt-4o-2024-08-06', '--input-tokens', '1200', '--output-tokens', '350'];

test('estimate call --json prints the same estimate as estimateCall()', async () => {
  const r = await run([...base, '--cached-input-tokens', '1024', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const want = estimateCall({ provider: 'openai', model: 'gpt-4o-2024-08-06', inputTokens: 1200, cachedInputTokens: 1024, outputTokens: 350 });
  assert.equal(j.kind, 'inference');
  assert.equal(j.method, 'modeled:provider');
  assert.equal(j.provider, 'openai');
  assert.equal(j.estimatedArchitecture, true);
  assert.equal(j.perRequest.energyWh.value, want.perRequest.energyWh.value);
  assert.ok(Array.isArray(j.trace) && j.trace.length > 10);
});

test('estimate call: table for people, ecologits method', async () => {
  const r = await run([...base, '--method', 'ecologits']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /estimator ecologits/);
  assert.match(r.out, /energy per request/);
  assert.match(r.out, /input tokens are not counted/);
});

test('estimate call: unknown model exits 2 with suggestions; --lenient falls back, flagged', async () => {
  const bad = ['estimate', 'call', '--provider', 'openai', '--model', 'gpt-4oo', '--input-tokens', '10', '--output-tokens', '10'];
  const r = await run(bad);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown model 'gpt-4oo'.*gpt-4o/);
  const l = await run([...bad, '--lenient', '--json']);
  assert.equal(l.code, 0, l.err);
  assert.match(JSON.parse(l.out).fallback, /class default/);
  const c = await run([...base, '--cached-input-tokens', '5000']);
  assert.equal(c.code, 2);
  assert.match(c.err, /cachedInputTokens/);
});

test('estimate call table: the estimated-architecture flag is shown and reasoning tokens are not counted twice', async () => {
  const r = await run([...base, '--output-tokens', '800', '--reasoning-tokens', '300']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /estimated architecture/);
  // 800 generated tokens of which 300 reasoning: printed as 500 + 300 (it once read "800 output + 300 reasoning").
  assert.match(r.out, /\+ 500 output \+ 300 reasoning tokens/);
  const j = JSON.parse((await run([...base, '--output-tokens', '800', '--reasoning-tokens', '300', '--json'])).out);
  assert.equal(j.request.outputTokens + j.request.reasoningTokens, 800);
});
