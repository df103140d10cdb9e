/**
 * Grid files are streamed line by line (issue 11): the streamed parse equals the whole-text parse whatever the
 * chunk boundaries, CRLF and comment lines; a line over the cap, a file over the row cap and a device are refused
 * with file:line, in `schedule --source file:`, `grid.file` and `grid import` alike.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileLinesSync } from '../../../src/sources/grid/file-lines.js';
import { parseIntensityCsv, parseIntensityLines, readIntensityFile } from '../../../src/sources/grid/file.js';
import { parseHourlyCsv, readHourlyCsv } from '../../../src/sources/grid/hourly-csv.js';
import { InvalidInputError } from '../../../src/core/errors.js';
import { runCli } from '../../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-grid-lines-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.parse('2025-06-01T00:00:00Z');
const rowsText = (n: number, eol = '\n') =>
  ['# illustrative', 'zone,datetime,gco2e_per_kwh', ...Array.from({ length: n }, (_, h) => `${h % 2 ? 'FR' : 'DE'},${new Date(T0 + h * 3_600_000).toISOString()},${(100 + (h % 37)).toFixed(1)}`)].join(eol) + eol;

test('streamed lines equal split lines for every chunk size, with CRLF, a BOM and no final newline', () => {
  const text = '\ufeffa,b\r\nc,d\n\n"e,""f""",g\r\nlast';
  const path = join(dir, 'small.csv');
  writeFileSync(path, text);
  for (const chunkBytes of [1, 2, 3, 5, 7, 64]) {
    assert.deepEqual([...readFileLinesSync(path, 'grid file', { chunkBytes })], ['a,b', 'c,d', '', '"e,""f""",g', 'last'], `chunk ${chunkBytes}`);
  }
});

test('a streamed grid file parses exactly as its text does', () => {
  for (const eol of ['\n', '\r\n']) {
    const text = rowsText(500, eol);
    const path = join(dir, `grid-${eol.length}.csv`);
    writeFileSync(path, text);
    assert.deepEqual(readIntensityFile(path), parseIntensityCsv(text, path));
    assert.deepEqual(parseIntensityLines(readFileLinesSync(path, 'grid file', { chunkBytes: 97 }), path), parseIntensityCsv(text, path));
  }
  const hourly = 'zone,timestamp,intensity,factor_type\r\n# note\r\nFR,2025-06-03T10:00:00Z,30,lifecycle\r\nXX,2025-06-03T10:00:00Z,30,lifecycle\r\n';
  const hp = join(dir, 'hourly.csv');
  writeFileSync(hp, hourly);
  return readHourlyCsv(hp).then((r) => assert.deepEqual(r, parseHourlyCsv(hourly)));
});

test('a line over the cap and a file over the row cap are refused with file:line', async () => {
  const bin = join(dir, 'one-line.bin');
  writeFileSync(bin, Buffer.alloc(200_000, 0x41));
  assert.throws(() => readIntensityFile(bin), (e: unknown) => e instanceof InvalidInputError && /one-line\.bin:1: a line longer than 65,536 bytes/.test(e.message));
  await assert.rejects(readHourlyCsv(bin), /one-line\.bin:1: a line longer than 65,536 bytes/);
  const imp = await runCli(['grid', 'import', bin, '--db', join(dir, 'l.duckdb')]);
  assert.equal(imp.code, 2);
  assert.match(imp.stderr, /one-line\.bin:1: a line longer than/);
  const many = join(dir, 'many.csv');
  writeFileSync(many, rowsText(50));
  assert.throws(() => readIntensityFile(many, { maxRows: 40 }), /many\.csv:43: more than 40 rows/);
  await assert.rejects(readHourlyCsv('/dev/zero'), /\/dev\/zero is not a regular file/);
});
