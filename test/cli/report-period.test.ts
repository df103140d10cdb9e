import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-cli-period-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'l.duckdb');

test.before(async () => {
  const s = await runCli(['sample', '--out', join(dir, 's'), '--events', '400']);
  assert.equal(s.code, 0, s.stderr);
  const i = await runCli(['ingest', join(dir, 's', 'usage-2025-06.jsonl'), '--config', join(dir, 's', 'tokenprint.yaml'), '--db', db]);
  assert.equal(i.code, 0, i.stderr);
});

test('report refuses impossible dates and a period that ends before it starts (exit 2)', async () => {
  for (const [flags, msg] of [
    [['--from', '2025-06-31'], /--from: '2025-06-31' is not a real ISO-8601 date/],
    [['--from', '2025-02-30'], /--from: '2025-02-30'/],
    [['--to', '2025-13'], /--to: '2025-13'/],
    [['--from', '2025-07', '--to', '2025-06'], /ends \(2025-06\) before it starts/],
  ] as const) {
    const r = await runCli(['report', '--db', db, ...flags]);
    assert.equal(r.code, EXIT.usage, `${flags.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr, msg);
  }
});

test('report --format csv --json is a contradiction naming both flags', async () => {
  const r = await runCli(['report', '--db', db, '--format', 'csv', '--json']);
  assert.equal(r.code, EXIT.usage);
  assert.match(r.stderr, /--json and --format csv/);
});

test('Scope 3 cat. 2 uses the period the header shows: the same with and without --from/--to on a one-month ledger', async () => {
  const all = await runCli(['report', '--db', db, '--json']);
  const june = await runCli(['report', '--db', db, '--from', '2025-06', '--to', '2025-06', '--json']);
  const a = JSON.parse(all.stdout);
  const j = JSON.parse(june.stdout);
  assert.deepEqual(a.period, { from: '2025-06-01', to: '2025-06-30' });
  assert.deepEqual(j.period, { from: '2025-06-01', to: '2025-06-30' });
  // The sample config's second deployment was acquired 2024-11-15: outside the ledger's period, so not booked.
  assert.equal(a.ghg.scope3Cat2.kg.value, j.ghg.scope3Cat2.kg.value);
  assert.deepEqual(a.ghg.scope3Cat2.items.map((i: { booked: boolean }) => i.booked), [true, false]);
  const table = await runCli(['report', '--db', db]);
  assert.match(table.stdout, /1 Jun 2025 – 30 Jun 2025/);
  assert.match(table.stdout, /\d+(\.\d+)? [kM] /, 'token counts as 200.3 M, not 2.00e+8');
});

test('HTML report: log axis on the scope chart, titles as captions, human dates, ranges kept on one line', async () => {
  const out = join(dir, 'r.html');
  const r = await runCli(['report', '--db', db, '--format', 'html', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const html = (await import('node:fs')).readFileSync(out, 'utf8');
  assert.match(html, /log scale/);
  assert.match(html, /<figcaption>Carbon by scope \(kept apart: do not add the amortised embodied line to Scope 3 cat\. 2\)/);
  assert.match(html, /Period 1 Jun 2025 – 30 Jun 2025/);
  assert.doesNotMatch(html, /generated \d{4}-\d{2}-\d{2}T/);
  assert.match(html, /td,th\{white-space:nowrap\}/);
});

test('report tables fit the width: ranges dropped (and said) past it, kept with --wide', async () => {
  const prev = process.env.COLUMNS;
  process.env.COLUMNS = '160';
  try {
    const narrow = await runCli(['report', '--db', db, '--by', 'team,model']);
    const wide = await runCli(['report', '--db', db, '--by', 'team,model', '--wide']);
    const longest = (s: string) => Math.max(...s.split('\n').map((l) => l.length));
    if (process.stdout.columns === undefined) assert.ok(longest(narrow.stdout) <= 160, `${longest(narrow.stdout)} columns`);
    assert.match(narrow.stdout, /--wide shows them/);
    assert.ok(longest(wide.stdout) > 160);
  } finally {
    if (prev === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = prev;
  }
});
