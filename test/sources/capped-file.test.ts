/**
 * Hostile configuration files (issue 11), through the one capped loader the plan scenario, the ledger config and
 * the grid file share: a YAML alias bomb, a file with 200,000 keys, duplicate keys, and a device (/dev/zero) named
 * as a file are each refused with the file named, quickly, never parsed for minutes or read until memory runs out.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario, loadScenarioFile } from '../../src/plan/scenario.js';
import { parseConfig, loadConfig } from '../../src/ledger/config.js';
import { parseRunFile, loadRunFile } from '../../src/disclose/run-file.js';
import { readIntensityFile } from '../../src/sources/grid/file.js';
import { MAX_YAML_BYTES, MAX_YAML_KEYS } from '../../src/sources/capped-file.js';
import { InvalidInputError } from '../../src/core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-capped-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const refused = (pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof InvalidInputError, `expected an InvalidInputError, got ${String(e)}`);
  assert.match(e.message, pattern);
  return true;
};

const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]'].join('\n');

test('a YAML alias bomb is refused as such, in a scenario and in a config', () => {
  assert.throws(() => parseScenario(bomb, 'bomb.yaml'), refused(/bomb\.yaml: refused: its aliases .* \(a YAML alias bomb\)/));
  assert.throws(() => parseConfig(bomb, 'tokenprint.yaml'), refused(/tokenprint\.yaml: refused: its aliases/));
  assert.throws(() => parseRunFile(bomb, 'run.yaml'), refused(/run\.yaml: refused: its aliases/));
});

test('a disclosure run file reads through the same caps: duplicate keys, too many keys, devices', () => {
  assert.throws(() => parseRunFile('documentVersion: "1"\nmodel: {}\ndocumentVersion: "2"\n', 'run.yaml'), refused(/run\.yaml:3: the key 'documentVersion' appears twice/));
  const many = 'extra:\n' + Array.from({ length: MAX_YAML_KEYS + 2000 }, (_, i) => `  k${i}: 1`).join('\n') + '\n';
  assert.throws(() => parseRunFile(many, 'big-run.yaml'), refused(/big-run\.yaml: more than 10,000 keys/));
  assert.throws(() => loadRunFile('/dev/zero'), refused(/run file: \/dev\/zero is not a regular file/));
});

test('more keys than the cap are refused before validation; a file over the size cap before parsing', () => {
  // 12,000 short keys fit in the byte cap, so the key cap is what refuses them (in linear time: the yaml
  // package's own duplicate check is quadratic, 280 s for 200k keys).
  const many = 'extra:\n' + Array.from({ length: MAX_YAML_KEYS + 2000 }, (_, i) => `  k${i}: 1`).join('\n') + '\n';
  assert.ok(Buffer.byteLength(many) < MAX_YAML_BYTES);
  assert.throws(() => parseConfig(many, 'big.yaml'), refused(/big\.yaml: more than 10,000 keys/));
  const huge = join(dir, 'huge.yaml');
  writeFileSync(huge, 'extra:\n' + Array.from({ length: 200_000 }, (_, i) => `  key_number_${i}: ${i}`).join('\n') + '\n');
  assert.throws(() => loadScenarioFile(huge), refused(/huge\.yaml is \d+ MiB, more than the 0\.25 MiB a scenario may have/));
});

test('a key given twice in one mapping is refused with its line', () => {
  assert.throws(() => parseConfig('db: a.duckdb\nteams: {}\ndb: b.duckdb\n', 'dup.yaml'), refused(/dup\.yaml:3: the key 'db' appears twice/));
});

test('a device or a directory named as a config, scenario or grid file is refused without reading it', async () => {
  await assert.rejects(loadConfig('/dev/zero'), refused(/\/dev\/zero is not a regular file/));
  assert.throws(() => loadScenarioFile('/dev/urandom'), refused(/\/dev\/urandom is not a regular file/));
  assert.throws(() => readIntensityFile('/dev/zero'), refused(/grid file: \/dev\/zero is not a regular file/));
  assert.throws(() => readIntensityFile(dir), refused(/is not a regular file/));
});

test('the committed example scenario and config still load', async () => {
  const s = loadScenarioFile('examples/scenario.yaml');
  assert.ok(s.candidates.regions.length > 0);
  const c = await loadConfig('examples/tokenprint.yaml');
  assert.ok(c.deployments.length > 0);
  assert.ok(readFileSync('examples/tokenprint.yaml', 'utf8').length < MAX_YAML_BYTES);
});
