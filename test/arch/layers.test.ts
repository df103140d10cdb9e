/**
 * Keeps the arrows pointing down (docs/architecture.md): core imports only core and no node: module; catalog
 * imports only core and catalog; sources/ledger/plan/disclose never import the CLI or server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const SRC = resolve('src');
const LAYERS = ['core', 'catalog', 'sources', 'ledger', 'plan', 'disclose', 'integrations', 'measure', 'cli', 'server'];
/** What each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  core: [],
  catalog: ['core'],
  sources: ['core', 'catalog'],
  integrations: ['core', 'catalog', 'sources'],
  measure: ['core', 'catalog', 'sources'],
  ledger: ['core', 'catalog', 'sources'],
  plan: ['core', 'catalog', 'sources'],
  disclose: ['core', 'catalog', 'sources', 'ledger'],
  cli: LAYERS,
  server: LAYERS.filter((l) => l !== 'cli'),
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(src: string): string[] {
  const out: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of src.matchAll(re)) out.push(m[1] ?? m[2]);
  return out;
}

function layerOf(abs: string): string | undefined {
  const rel = relative(SRC, abs).split(/[\\/]/);
  return rel.length > 1 ? rel[0] : undefined;
}

test('layers import only downwards', () => {
  const problems: string[] = [];
  for (const f of files(SRC)) {
    const layer = layerOf(f);
    if (!layer) continue;
    for (const spec of imports(readFileSync(f, 'utf8'))) {
      if (layer === 'core' && (spec.startsWith('node:') || !spec.startsWith('.'))) {
        problems.push(`${relative('.', f)} imports '${spec}': core is pure (no node: modules, no packages)`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = layerOf(resolve(dirname(f), spec));
      if (!target || target === layer) continue;
      if (!(ALLOWED[layer] ?? []).includes(target)) problems.push(`${relative('.', f)} (${layer}) imports ${target}: '${spec}'`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the layer check itself catches a violation', () => {
  assert.deepEqual(imports("import { x } from 'node:fs';\nexport { y } from '../cli/main.js';"), ['node:fs', '../cli/main.js']);
});
