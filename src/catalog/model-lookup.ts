/**
 * One lookup over open-weight (models.ts) and closed API models (closed-models.ts), forgiving about the names APIs
 * put in requests and responses: provider prefixes (`openai/gpt-4o`, `models/gemini-2.5-flash`), Bedrock ids
 * (`us.anthropic.claude-3-5-sonnet-20241022-v2:0`), dated snapshots (`gpt-4o-2024-08-06`,
 * `claude-sonnet-4-5-20250929`, `claude-3-5-sonnet-v2@20241022`) and `-latest`/`-turbo` suffixes.
 */
import type { ModelSpec } from './types.js';
import { UnknownIdError } from '../core/errors.js';
import { suggest } from '../core/suggest.js';
import { MODELS, lookupKeys } from './models.js';
import { API_NAMES_OF_OPEN_MODELS, listClosedModels } from './closed-models.js';

let index: Map<string, ModelSpec> | undefined;

function anyIndex(): Map<string, ModelSpec> {
  if (!index) {
    index = new Map();
    // Open models first: an open model's own names win over any closed alias.
    for (const m of MODELS) for (const k of lookupKeys(m)) if (!index.has(k)) index.set(k, m);
    for (const m of listClosedModels()) for (const k of lookupKeys(m)) if (!index.has(k)) index.set(k, m);
    const open = new Map(MODELS.map((m) => [m.id, m]));
    for (const [api, id] of Object.entries(API_NAMES_OF_OPEN_MODELS)) {
      const m = open.get(id);
      if (m && !index.has(api)) index.set(api, m);
    }
  }
  return index;
}

/** Candidate spellings of an API model name, most literal first. */
export function nameCandidates(raw: string): string[] {
  const out: string[] = [];
  const push = (s: string) => {
    const t = s.trim().toLowerCase();
    if (t && !out.includes(t)) out.push(t);
  };
  let s = raw.trim().toLowerCase();
  push(s);
  // `models/gemini-2.5-flash`, `openai/gpt-4o`, `meta-llama/Llama-3.1-8B-Instruct`.
  s = s.slice(s.lastIndexOf('/') + 1);
  push(s);
  // Bedrock: `us.anthropic.claude-…-v2:0`, `anthropic.claude-…-v1:0`, `meta.llama3-1-70b-instruct-v1:0`.
  s = s.replace(/^(?:us|eu|apac|us-gov|global)\./, '').replace(/^(?:anthropic|meta|mistral|cohere|amazon|ai21|deepseek|openai)\./, '');
  s = s.replace(/-v\d+(?::\d+)?$/, '').replace(/:\d+$/, '');
  push(s);
  // Bedrock spells Llama versions with dashes: `llama3-1-70b-instruct` → `llama-3.1-70b-instruct`.
  s = s.replace(/^llama(\d)-(\d)-/, 'llama-$1.$2-');
  push(s);
  // Vertex `@20241022`, dated snapshots, `-latest`, `-turbo`, `-preview`, `-exp`; one suffix at a time.
  const suffixes = [/@\d{8}$/, /-v\d+(?::\d+)?$/, /-\d{4}-\d{2}-\d{2}$/, /-\d{8}$/, /-(?:\d{2}-\d{4}|\d{4})$/, /-(?:latest|turbo|preview|exp)$/];
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of suffixes) {
      const t = s.replace(re, '');
      if (t !== s && t !== '') {
        s = t;
        push(s);
        changed = true;
      }
    }
  }
  return out;
}

/** Finds a model by any of its names; `matchedAs` is the spelling that matched (for the trace). */
export function resolveAnyModel(idOrName: string): { model: ModelSpec; matchedAs: string } | undefined {
  const idx = anyIndex();
  for (const c of nameCandidates(idOrName)) {
    const m = idx.get(c);
    if (m) return { model: m, matchedAs: c };
  }
  return undefined;
}

/**
 * A model, open or closed, by id, Hugging Face id, alias or API name. Throws UnknownIdError with the nearest names
 * from both catalogs.
 */
export function getAnyModel(idOrName: string): ModelSpec {
  const hit = resolveAnyModel(idOrName);
  if (hit) return hit.model;
  throw new UnknownIdError('model', idOrName, suggestModels(idOrName));
}

export function suggestModels(idOrName: string): string[] {
  const idx = anyIndex();
  const q = nameCandidates(idOrName).at(-1) ?? idOrName;
  const near = suggest(q, [...idx.keys()], 20).map((k) => idx.get(k)?.id ?? k);
  return [...new Set(near)].slice(0, 5);
}

export function listAllModels(): readonly ModelSpec[] {
  return [...MODELS, ...listClosedModels()];
}
