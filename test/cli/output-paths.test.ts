import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-cli-paths-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const missing = join(dir, 'no-such-folder', 'deeper');

test('report --out into a missing folder is a usage error naming the folder, not a stack trace', async () => {
  const r = await runCli(['report', '--db', join(dir, 'none.duckdb'), '--format', 'html', '--out', join(missing, 'r.html')]);
  assert.equal(r.code, EXIT.usage, r.stderr);
  assert.match(r.stderr, /--out: .*the folder .*deeper does not exist/);
  assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /);
  assert.equal(existsSync(join(dir, 'none.duckdb')), false, 'checked before the ledger is opened');
});

test('sample --out refuses an existing file, a deep missing path and the root folder', async () => {
  const file = join(dir, 'existing.txt');
  writeFileSync(file, 'mine');
  const onFile = await runCli(['sample', '--out', file, '--events', '10']);
  assert.equal(onFile.code, EXIT.usage);
  assert.match(onFile.stderr, /exists and is a file/);
  assert.equal(readFileSync(file, 'utf8'), 'mine');
  const deep = await runCli(['sample', '--out', missing, '--events', '10']);
  assert.equal(deep.code, EXIT.usage);
  assert.equal(existsSync(join(dir, 'no-such-folder')), false, 'no tree built from a typo');
  const root = await runCli(['sample', '--out', '/', '--events', '10']);
  assert.equal(root.code, EXIT.usage);
  assert.match(root.stderr, /system or home folder/);
});

test('quickstart --dir refuses / and a folder of the user\'s files', async () => {
  const root = await runCli(['quickstart', '--dir', '/', '--events', '10']);
  assert.equal(root.code, EXIT.usage);
  assert.equal(existsSync('/tokenprint.yaml'), false);
  const mine = join(dir, 'mine');
  mkdirSync(mine);
  writeFileSync(join(mine, 'thesis.tex'), 'x');
  const r = await runCli(['quickstart', '--dir', mine, '--events', '10']);
  assert.equal(r.code, EXIT.usage);
  assert.match(r.stderr, /thesis\.tex/);
});

test('measure --out into a missing folder is refused before the command runs', async () => {
  const marker = join(dir, 'ran');
  const r = await runCli(['measure', '--gpu', 'none', '--out', join(missing, 'x.csv'), '--', process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '1')`]);
  assert.equal(r.code, EXIT.usage);
  assert.match(r.stderr, /--out: .*does not exist/);
  assert.equal(existsSync(marker), false, 'the command did not run');
});
