import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { SAMPLE_CONFIG } from '../../src/ledger/sample.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-cli-config-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const usage = join(dir, 'u.jsonl');
writeFileSync(usage, JSON.stringify({ ts: '2025-06-01T10:00:00Z', provider: 'openai', model: 'gpt-4o-mini', input_tokens: 10, output_tokens: 5 }) + '\n');

function withConfig(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

test('the sample config is valid as written', async () => {
  const r = await runCli(['ingest', usage, '--config', withConfig('ok.yaml', SAMPLE_CONFIG), '--db', join(dir, 'ok.duckdb'), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
});

test('deployments are validated when the config loads, naming the deployment (exit 2 bad id, exit 3 too few accelerators)', async () => {
  assert.match(SAMPLE_CONFIG, /region: FR\n/);
  const cases: [string, string, number, RegExp][] = [
    ['region.yaml', SAMPLE_CONFIG.replace(/region: FR\n/, 'region: FRANCE\n'), EXIT.usage, /deployments\.0 \(.+\): unknown grid zone or region 'FRANCE'/],
    ['model.yaml', SAMPLE_CONFIG.replace('model: llama-3.1-70b-instruct', 'model: llama-9'), EXIT.usage, /deployments\.0 .*unknown model 'llama-9'/],
    ['count.yaml', SAMPLE_CONFIG.replace('count: 4', 'count: 1'), EXIT.infeasible, /deployments\.0 .*GB of weights/],
  ];
  for (const [name, text, code, msg] of cases) {
    assert.notEqual(text, SAMPLE_CONFIG, `${name}: the edit applied`);
    const db = join(dir, `${name}.duckdb`);
    const r = await runCli(['ingest', usage, '--config', withConfig(name, text), '--db', db]);
    assert.equal(r.code, code, `${name}: ${r.stderr}`);
    assert.match(r.stderr, msg);
  }
});

test('an empty config (or comments only) is an error', async () => {
  for (const text of ['', '# nothing here\n']) {
    const r = await runCli(['ingest', usage, '--config', withConfig('empty.yaml', text), '--db', join(dir, 'e.duckdb')]);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.stderr, /the config is empty/);
  }
  assert.equal(readFileSync(join(dir, 'empty.yaml'), 'utf8'), '# nothing here\n');
});
