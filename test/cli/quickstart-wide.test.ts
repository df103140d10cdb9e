/**
 * `quickstart --wide` keeps the report table whole, as `report --wide` does (issue 10: tables fit the terminal and
 * point to --wide; the quick start must take the flag it points to).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-qs-wide-'));
const columns = process.env.COLUMNS;
after(() => {
  rmSync(dir, { recursive: true, force: true });
  if (columns === undefined) delete process.env.COLUMNS;
  else process.env.COLUMNS = columns;
});

test('quickstart fits 80 columns and points to --wide; quickstart --wide prints the ranges past 80 columns', async () => {
  process.env.COLUMNS = '80';
  const narrow = await runCli(['quickstart', '--dir', join(dir, 'a'), '--events', '200']);
  assert.equal(narrow.code, 0, narrow.stderr);
  const table = (out: string) => out.slice(out.indexOf('3/4'), out.indexOf('4/4')).split('\n');
  assert.ok(table(narrow.stdout).filter((l) => !l.includes('left out to fit')).every((l) => l.length <= 80), 'the table fits');
  assert.match(narrow.stdout, /left out to fit 80 columns: --wide shows them/);
  const wide = await runCli(['quickstart', '--dir', join(dir, 'b'), '--events', '200', '--wide']);
  assert.equal(wide.code, 0, wide.stderr);
  assert.doesNotMatch(wide.stdout, /left out to fit/);
  assert.ok(table(wide.stdout).some((l) => l.length > 80), 'the whole table, wider than the terminal');
  assert.match(table(wide.stdout).join('\n'), /\(\S+–\S+\)/, 'low–high ranges kept');
});
