import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';

const inf = ['estimate', 'inference', '--model', 'llama-3.1-8b-instruct', '--hardware', 'h100-sxm', '--region', 'FR'];

test('--grid-intensity takes the unit in the value; a bare 350 (kg/kWh) is refused naming the unit', async () => {
  const g = await runCli([...inf, '--grid-intensity', '350g', '--json']);
  const kg = await runCli([...inf, '--grid-intensity', '0.35kg', '--json']);
  const bare = await runCli([...inf, '--grid-intensity', '0.35', '--json']);
  assert.equal(g.code, 0, g.stderr);
  const carbonPerKWh = (s: string) => {
    const e = JSON.parse(s);
    return e.perRequest.carbonG.location.value / (e.perRequest.energyWh.value / 1000);
  };
  // carbon = kWh × intensity exactly (1e-9: float round-off only).
  for (const r of [g, kg, bare]) assert.ok(Math.abs(carbonPerKWh(r.stdout) - 350) < 1e-9);
  const wrong = await runCli([...inf, '--grid-intensity', '350']);
  assert.equal(wrong.code, EXIT.usage);
  assert.match(wrong.stderr, /--grid-intensity: 350 kgCO2e\/kWh .* Write the unit: 350g/);
  const mkt = await runCli([...inf, '--market-intensity', '500']);
  assert.equal(mkt.code, EXIT.usage);
  assert.match(mkt.stderr, /--market-intensity/);
});

test('implausible site factors are refused with the flag and the range', async () => {
  const pue = await runCli([...inf, '--pue', '100']);
  assert.equal(pue.code, EXIT.usage);
  assert.match(pue.stderr, /--pue: 100 is beyond any data centre/);
  const wue = await runCli([...inf, '--onsite-wue', '1800']);
  assert.equal(wue.code, EXIT.usage);
  assert.match(wue.stderr, /--onsite-wue/);
});

test('token counts: none at all is a usage error, beyond the context window is infeasible (exit 3)', async () => {
  const none = await runCli([...inf, '--input-tokens', '0', '--output-tokens', '0']);
  assert.equal(none.code, EXIT.usage);
  assert.doesNotMatch(none.stdout, /NaN/);
  const huge = await runCli([...inf, '--output-tokens', '1e30']);
  assert.equal(huge.code, EXIT.infeasible);
  const long = await runCli([...inf, '--input-tokens', '2M']);
  assert.equal(long.code, EXIT.infeasible);
  assert.match(long.stderr, /context window of 131072 tokens/);
  const call = await runCli(['estimate', 'call', '--provider', 'openai', '--model', 'gpt-4o', '--input-tokens', '2M', '--output-tokens', '10']);
  assert.equal(call.code, EXIT.infeasible);
});

test('contradictions name both flags: --boundary gpu --pue, --provider anthropic --model gpt-4o, hours vs energy', async () => {
  const b = await runCli([...inf, '--boundary', 'gpu', '--pue', '1.5']);
  assert.equal(b.code, EXIT.usage);
  assert.match(b.stderr, /--pue 1\.5 .*--boundary gpu/);
  const p = await runCli(['estimate', 'call', '--provider', 'anthropic', '--model', 'gpt-4o', '--input-tokens', '10', '--output-tokens', '10']);
  assert.equal(p.code, EXIT.usage);
  assert.match(p.stderr, /--provider anthropic does not serve --model gpt-4o/);
  const lenient = await runCli(['estimate', 'call', '--provider', 'anthropic', '--model', 'gpt-4o', '--input-tokens', '10', '--output-tokens', '10', '--lenient']);
  assert.equal(lenient.code, 0, lenient.stderr);
  const open = await runCli(['estimate', 'call', '--provider', 'together', '--model', 'llama-3.1-70b-instruct', '--input-tokens', '10', '--output-tokens', '10']);
  assert.equal(open.code, 0, open.stderr);
  const h = await runCli(['estimate', 'training', '--hardware', 'h100-sxm', '--accelerator-hours', '1000', '--energy-it-mwh', '100']);
  assert.equal(h.code, EXIT.usage);
  assert.match(h.stderr, /--energy-it-mwh 100 over --accelerator-hours 1000 is 100 kW per h100-sxm/);
});

test('training: overflowing or implausible inputs are refused, never printed as Infinity', async () => {
  const tr = ['estimate', 'training', '--hardware', 'h100-sxm'];
  for (const [flags, flag] of [
    [['--params', '1e308', '--tokens', '1T'], '--params'],
    [['--params', '7B', '--tokens', '1e300'], '--tokens'],
    [['--params', '7B', '--tokens', '1T', '--pue', '1e308'], '--pue'],
    [['--accelerator-hours', '1000', '--power-w', '5000'], '--power-w'],
  ] as const) {
    const r = await runCli([...tr, ...flags]);
    assert.equal(r.code, EXIT.usage, flags.join(' '));
    assert.match(r.stderr, new RegExp(flag));
    assert.doesNotMatch(r.stdout, /Infinity/);
  }
});

test('water is split on-site / off-site, and the parts add up to the total (estimate, call, training)', async () => {
  const sum = (w: { value: number }, a: { value: number }, b: { value: number }) => Math.abs(a.value + b.value - w.value) <= 1e-9 * w.value;
  const e = JSON.parse((await runCli([...inf, '--json'])).stdout).perRequest;
  assert.ok(e.waterOnsiteMl.value > 0 && e.waterOffsiteMl.value > 0);
  assert.ok(sum(e.waterMl, e.waterOnsiteMl, e.waterOffsiteMl));
  // Off-site = facility Wh × FR off-site L/kWh (the trace's factor).
  const full = JSON.parse((await runCli([...inf, '--json'])).stdout);
  const off = full.trace.find((f: { name: string }) => f.name === 'offsiteWaterIntensity').value;
  assert.ok(Math.abs(e.waterOffsiteMl.value - e.energyWh.value * off) < 1e-9 * e.waterOffsiteMl.value);
  for (const method of ['tokenprint', 'ecologits']) {
    const c = JSON.parse((await runCli(['estimate', 'call', '--provider', 'openai', '--model', 'gpt-4o', '--input-tokens', '100', '--output-tokens', '100', '--method', method, '--json'])).stdout).perRequest;
    assert.ok(sum(c.waterMl, c.waterOnsiteMl, c.waterOffsiteMl), method);
  }
  const t = JSON.parse((await runCli(['estimate', 'training', '--hardware', 'h100-sxm', '--params', '7B', '--tokens', '1T', '--onsite-wue', '1', '--offsite-wue', '3', '--json'])).stdout);
  assert.ok(sum(t.waterKL, t.waterOnsiteKL, t.waterOffsiteKL));
  const human = await runCli([...inf]);
  assert.match(human.stdout, /on-site \(cooling\)/);
  assert.match(human.stdout, /off-site \(electricity\)/);
});

test('trace labels: a count tokenprint chose is not "user input"; fixed constants are not "fitted"; WUE shows its own source', async () => {
  const e = JSON.parse((await runCli([...inf, '--json'])).stdout);
  const f = (n: string) => e.trace.find((x: { name: string }) => x.name === n);
  assert.match(f('acceleratorCount').source, /chosen by tokenprint/);
  assert.equal(f('acceleratorCount').assumed, true);
  const given = JSON.parse((await runCli([...inf, '--gpus', '2', '--json'])).stdout);
  assert.equal(given.trace.find((x: { name: string }) => x.name === 'acceleratorCount').source, 'user input');
  assert.doesNotMatch(f('memEfficiency').source, /fitted on/);
  assert.match(f('wueOnsite').source, /^WUE:/);
  assert.doesNotMatch(f('wueOnsite').source, /PUE:/);
  const human = await runCli([...inf]);
  assert.doesNotMatch(human.stdout, /…/, 'assumption lines shown whole');
});

test('Mistral Large 2 (123B dense, published) is not flagged "parameter counts not published"', async () => {
  const r = await runCli(['estimate', 'call', '--provider', 'mistral', '--model', 'mistral-large-2', '--input-tokens', '100', '--output-tokens', '100']);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /not published/);
  assert.match(r.stdout, /published size \(123B dense\)/);
});

test('profile-endpoint checks --hardware/--model ids before benchmarking anything', async () => {
  // Nothing listens on this URL: the id error must come first, without a single request.
  const r = await runCli(['profile-endpoint', '--url', 'http://127.0.0.1:9/v1', '--model', 'llama-3.1-8b-instruct', '--hardware', 'h100sxm', '--power', 'none', '--concurrency', '1']);
  assert.equal(r.code, EXIT.usage, r.stderr);
  assert.match(r.stderr, /unknown accelerator 'h100sxm'.*h100-sxm/);
  const m = await runCli(['profile-endpoint', '--url', 'http://127.0.0.1:9/v1', '--model', 'llama-9', '--hardware', 'h100-sxm', '--power', 'none', '--concurrency', '1']);
  assert.equal(m.code, EXIT.usage);
  assert.match(m.stderr, /unknown model 'llama-9'/);
});

test('training errors name flags, never internal field names', async () => {
  const r = await runCli(['estimate', 'training', '--hardware', 'h100-sxm', '--params', '7B', '--energy-it-mwh', '10']);
  assert.equal(r.code, EXIT.usage);
  assert.match(r.stderr, /--params does not apply when the run is given by --energy-it-mwh/);
  assert.doesNotMatch(r.stderr, /paramsTotal|mode '/);
});
