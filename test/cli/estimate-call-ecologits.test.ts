/** `estimate call --method ecologits` from the command line: method and version named, EcoLogits' errors as usage errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';

const base = ['estimate', 'call', '--provider', 'openai', '--input-tokens', '100', '--output-tokens', '500', '--method', 'ecologits'];

test('the table names the method ecologits@0.9.3, the EcoLogits model and zone; --region WOR works', async () => {
  const r = await runCli([...base, '--model', 'gpt-4o', '--region', 'WOR']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /method: ecologits@0\.9\.3, model openai\/gpt-4o, zone WOR/);
});

test('--json carries methodVersion and EcoLogits own result; --latency-ms 0 is 0 s', async () => {
  const r = await runCli([...base, '--model', 'gpt-4o', '--latency-ms', '0', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.methodVersion, 'ecologits@0.9.3');
  assert.deepEqual(j.ecologits.latencyS, { min: 0, max: 0 });
  assert.equal(j.ecologits.zone, 'USA');
});

test('a model EcoLogits does not list exits 2 with "not registered", also with --lenient', async () => {
  for (const extra of [[], ['--lenient']]) {
    const r = await runCli([...base, '--model', 'gpt-9-ultra', ...extra]);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /not registered in EcoLogits 0\.9\.3/);
    assert.doesNotMatch(r.stderr, /\n\s+at /); // no stack trace
  }
  const z = await runCli([...base, '--model', 'gpt-4o', '--region', 'SG']);
  assert.equal(z.code, 2);
  assert.match(z.stderr, /electricity mix zone 'SG' is not registered/);
});
