#!/usr/bin/env node
// Finds every test/**/*.test.ts and runs them with node's own test runner (Node 20 has no --test globbing).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const filter = process.argv.slice(2);
let files = walk('test', []).sort();
if (filter.length) files = files.filter((f) => filter.some((s) => f.includes(s)));
// fast-check seed: TOKENPRINT_FC_SEED, else derived from the commit, so a commit always runs the same cases
// (test/helpers/property-seed.ts reads it). Printed so a failing CI run can be replayed.
if (process.env.TOKENPRINT_FC_SEED === undefined) {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });
  process.env.TOKENPRINT_FC_SEED = String(head.status === 0 ? Number.parseInt(head.stdout.trim().slice(0, 8), 16) | 0 : 20250601);
}
console.log(`property tests: fast-check seed ${process.env.TOKENPRINT_FC_SEED} (replay: TOKENPRINT_FC_SEED=${process.env.TOKENPRINT_FC_SEED} npm test)`);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
