/**
 * --format pdf prints the self-contained HTML through Debian's Chromium (playwright-core, executablePath; no
 * downloaded browser). Checked with poppler-utils: page count and extracted text. CI (.ci/run) installs both; on
 * a machine without them the test is skipped with the reason printed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumAvailable, chromiumPath } from '../../src/disclose/render-pdf.js';
import { runCli } from '../helpers/cli.js';

const poppler = spawnSync('pdftotext', ['-v']).error === undefined;
const skip = !chromiumAvailable()
  ? `chromium not found at ${chromiumPath()} (apt-get install chromium; CI installs it)`
  : !poppler
    ? 'pdftotext/pdfinfo not found (apt-get install poppler-utils; CI installs it)'
    : false;
if (skip) process.stderr.write(`# disclose PDF test skipped: ${skip}\n`);

test('disclose eu-ai-act --format pdf: an A4 PDF whose text carries the form items', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-pdf-'));
  try {
    const out = join(dir, 'mdf.pdf');
    const r = await runCli(['disclose', 'eu-ai-act', 'examples/run.yaml', '--format', 'pdf', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(out).subarray(0, 5).toString(), '%PDF-');
    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    // The example fills every item: 2–4 A4 pages at the stylesheet's 10.5 pt (measured: 3).
    assert.ok(pages >= 2 && pages <= 4, `pages ${pages}`);
    assert.match(info, /Page size:\s+59[56]\.\d+ x 84[12]\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    assert.match(text, /EU AI Act — GPAI model documentation/);
    assert.match(text, /C4 Amount of computation/);
    assert.match(text, /9\.7\*10\^22 FLOP/);
    assert.match(text, /In the absence of a delegated act adopted in accordance with Article 53\(5\)/);
    const none = await runCli(['disclose', 'eu-ai-act', 'examples/run.yaml', '--format', 'pdf']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /give --out FILE\.pdf/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--format pdf without Chromium says how to install it', async () => {
  const saved = process.env.TOKENPRINT_CHROMIUM;
  process.env.TOKENPRINT_CHROMIUM = '/nonexistent/chromium';
  try {
    const r = await runCli(['disclose', 'model-card', 'examples/run.yaml', '--format', 'pdf', '--out', join(tmpdir(), 'never-written.pdf')]);
    assert.equal(r.code, 2); // a missing program is a missing file: exit 2, as in every command
    assert.match(r.stderr, /apt-get install chromium/);
  } finally {
    if (saved === undefined) delete process.env.TOKENPRINT_CHROMIUM;
    else process.env.TOKENPRINT_CHROMIUM = saved;
  }
});
