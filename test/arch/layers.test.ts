/**
 * Keeps the arrows pointing down (docs/architecture.md): core imports only core and no node: module; catalog
 * imports only core and catalog (never estimate/); estimate/ only core and catalog; sources/ledger/plan/disclose
 * never import the CLI or server; the interfaces (cli/, server/) call use-case layers and formatting, never core/ or
 * catalog/ directly (only the shared vocabulary: errors, ranges, trace and precision types and value lists, and
 * `import type` of result shapes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const SRC = resolve('src');
const LAYERS = ['core', 'catalog', 'estimate', 'sources', 'ledger', 'plan', 'disclose', 'integrations', 'measure', 'cli', 'server'];
/** The use-case layers an interface calls. */
const USE_CASES = ['estimate', 'ledger', 'plan', 'measure', 'disclose', 'integrations', 'sources'];
/** What an interface may import from core/: the vocabulary every layer speaks (errors, ranges, trace, precision) and the number formatter. */
const CORE_VOCABULARY = ['core/errors.ts', 'core/range.ts', 'core/trace.ts', 'core/precision.ts', 'core/number-format.ts'];
/** What each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  core: [],
  catalog: ['core'],
  estimate: ['core', 'catalog'],
  sources: ['core', 'catalog'],
  integrations: ['core', 'catalog', 'estimate', 'sources'],
  measure: ['core', 'catalog', 'estimate', 'sources'],
  ledger: ['core', 'catalog', 'estimate', 'sources'],
  plan: ['core', 'catalog', 'estimate', 'sources'],
  disclose: ['core', 'catalog', 'estimate', 'sources', 'ledger'],
  cli: ['core', ...USE_CASES],
  server: ['core', ...USE_CASES],
};
const INTERFACES = new Set(['cli', 'server']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(src: string): string[] {
  return importsWithKind(src).map((i) => i.spec);
}

/** Each import's specifier and whether it is type-only (`import type …`, `export type …`). */
function importsWithKind(src: string): { spec: string; typeOnly: boolean }[] {
  const out: { spec: string; typeOnly: boolean }[] = [];
  const re = /(?:import|export)\s(type\s)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of src.matchAll(re)) out.push({ spec: m[2] ?? m[3], typeOnly: m[1] !== undefined });
  return out;
}

/** An interface (cli/, server/) may import core/ vocabulary, and result shapes as types only; nothing else below. */
function interfaceMayImport(targetRel: string, typeOnly: boolean): boolean {
  if (typeOnly) return targetRel.startsWith('core/');
  return CORE_VOCABULARY.includes(targetRel);
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
    for (const { spec, typeOnly } of importsWithKind(readFileSync(f, 'utf8'))) {
      if (layer === 'core' && (spec.startsWith('node:') || !spec.startsWith('.'))) {
        problems.push(`${relative('.', f)} imports '${spec}': core is pure (no node: modules, no packages)`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const abs = resolve(dirname(f), spec);
      const target = layerOf(abs);
      if (!target || target === layer) continue;
      if (INTERFACES.has(layer) && target === 'core') {
        const rel = relative(SRC, abs).replace(/\\/g, '/').replace(/\.js$/, '.ts');
        if (!interfaceMayImport(rel, typeOnly)) problems.push(`${relative('.', f)} (${layer}) imports ${rel}: interfaces call a use-case layer, not core/ directly`);
        continue;
      }
      if (!(ALLOWED[layer] ?? []).includes(target)) problems.push(`${relative('.', f)} (${layer}) imports ${target}: '${spec}'`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the layer check itself catches a violation', () => {
  assert.deepEqual(imports("import { x } from 'node:fs';\nexport { y } from '../cli/main.js';"), ['node:fs', '../cli/main.js']);
  assert.deepEqual(importsWithKind("import type { A } from '../core/inference.js';\nimport { b } from '../core/inference.js';"), [
    { spec: '../core/inference.js', typeOnly: true },
    { spec: '../core/inference.js', typeOnly: false },
  ]);
  assert.equal(interfaceMayImport('core/inference.ts', false), false);
  assert.equal(interfaceMayImport('core/inference.ts', true), true);
  assert.equal(interfaceMayImport('core/errors.ts', false), true);
  assert.equal((ALLOWED.cli ?? []).includes('catalog'), false);
  assert.equal((ALLOWED.catalog ?? []).includes('estimate'), false);
});

test('all SQL lives in src/ledger/store/ (docs/architecture.md: the ledger in rooms)', () => {
  const problems: string[] = [];
  const sql = /\.driver\.(query|run|transaction)\(|\bSELECT\s[\s\S]{0,200}?\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+tp_|\bDELETE\s+FROM\b/;
  for (const f of files(SRC)) {
    const rel = relative(SRC, f).replace(/\\/g, '/');
    if (rel.startsWith('ledger/store/')) continue;
    const m = sql.exec(readFileSync(f, 'utf8'));
    if (m) problems.push(`${relative('.', f)}: SQL outside ledger/store/ ('${m[0].slice(0, 40)}')`);
  }
  assert.deepEqual(problems, []);
  assert.ok(sql.test('const r = await store.driver.query(`SELECT 1`)')); // the check itself catches a query
});

