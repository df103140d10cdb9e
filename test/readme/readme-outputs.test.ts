/**
 * Every README command prints what it printed when the fixture was captured (test/fixtures/readme/outputs.json),
 * ignoring only timestamps, the temporary folder's path and floating-point noise below 1e-12 relative. The fixture
 * was captured from the code before the structure refactor (issue 12, commit cdf5176) so moves that change
 * behaviour show here. Recapture deliberately, after checking the diff:
 *   TOKENPRINT_CAPTURE_README=1 node scripts/run-tests.mjs test/readme/
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { runCli } from '../helpers/cli.js';
import { readmeCommands } from './readme-commands.js';

const fixturePath = resolve('test/fixtures/readme/outputs.json');
const examples = resolve('examples');

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Timestamps (ISO 8601 instants, the HTML report's "3 Dec 2026, 10:12 UTC", epoch milliseconds in `…Ms` fields, the quickstart's "done in N s") and the
 * temporary folder are the only parts allowed to differ.
 */
/**
 * JSON output is compared with every number rounded to 12 significant digits: a refactor that reorders a sum moves
 * the last bits (plan: 1,063 numbers differed by at most 5e-16 relative when two equal factors started to cancel
 * differently); a change in behaviour moves numbers far more than 1e-12.
 */
const SIGNIFICANT_DIGITS = 12;

function roundNumbers(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text; // not JSON: tables and messages print rounded figures already
  }
  return JSON.stringify(parsed, (_k, v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(SIGNIFICANT_DIGITS)) : v), 2) + '\n';
}

/** Outputs larger than this are kept as their SHA-256 (the plan's JSON is 4.5 MB), so the fixture stays reviewable. */
const HASH_ABOVE_CHARS = 200_000;

function keep(text: string): string {
  return text.length > HASH_ABOVE_CHARS ? `sha256:${createHash('sha256').update(text).digest('hex')} (${text.length} chars)` : text;
}

function normalise(text: string, dir: string): string {
  return text
    .split(dir).join('<tmp>')
    .split(examples).join('<examples>')
    .replace(/done in [\d.]+ s\./g, 'done in <elapsed> s.')
    .replace(/("\w*Ms": )\d{12,13}\b/g, '$1<epoch-ms>')
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, '<time>')
    .replace(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC/g, '<time>'); // the HTML report's human-readable "generated" time
}

test('every README command prints the same output as the captured fixture', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokenprint-readme-'));
  const cwd = process.cwd();
  const got: Record<string, Captured> = {};
  try {
    process.chdir(dir);
    for (const c of readmeCommands) {
      const argv = c.argv.map((a) => a.replace('{examples}', examples));
      const r = await runCli(argv);
      got[c.name] = { code: r.code, stdout: keep(roundNumbers(normalise(r.stdout, dir))), stderr: normalise(r.stderr, dir) };
    }
    got['report-team-model-html:file'] = { code: 0, stdout: normalise(readFileSync(join(dir, 'report.html'), 'utf8'), dir), stderr: '' };
    got['plan-html:file'] = { code: 0, stdout: normalise(readFileSync(join(dir, 'plan.html'), 'utf8'), dir), stderr: '' };
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.TOKENPRINT_CAPTURE_README === '1') {
    mkdirSync(resolve('test/fixtures/readme'), { recursive: true });
    writeFileSync(fixturePath, JSON.stringify(got, null, 1) + '\n');
    return;
  }
  const want = JSON.parse(readFileSync(fixturePath, 'utf8')) as Record<string, Captured>;
  assert.deepEqual(Object.keys(got), Object.keys(want), 'the README command list changed: recapture the fixture');
  for (const name of Object.keys(want)) assert.deepEqual(got[name], want[name], `README command ${name}`);
});
