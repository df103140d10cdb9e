import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cliReference } from '../../src/cli/reference.js';

test('docs/cli.md is generated from the current command definitions (run `npx tsx scripts/gen-cli-doc.ts`)', () => {
  assert.equal(readFileSync('docs/cli.md', 'utf8'), cliReference());
});

test('every command has a description and --help', () => {
  const ref = cliReference();
  assert.match(ref, /## `tokenprint estimate inference`/);
  assert.match(ref, /## `tokenprint estimate training`/);
  assert.doesNotMatch(ref, /Usage: .*\n\n\nOptions/); // a command without a description would leave an empty block
});
