/**
 * Reads a YAML input file against a zod schema and reports the first problems with file:line and the YAML path of
 * the bad field (the way the planner's scenario and the ledger config report theirs), plus where to read more.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { InvalidInputError, TokenprintError } from '../core/errors.js';

export type YamlPath = readonly (string | number)[];

export function dotted(path: YamlPath): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : String(k)), '') || '(top level)';
}

export interface ParsedYaml<T> {
  readonly data: T;
  /** `file:line` of the node at `path` (or of its nearest parent that exists). */
  readonly where: (path: YamlPath) => string;
}

export function parseYamlInput<S extends z.ZodType>(text: string, file: string, schema: S, docs: string): ParsedYaml<z.infer<S>> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new InvalidInputError(`${file}:${lc.linePos(e.pos[0]).line}`, `not valid YAML: ${e.message.split('\n')[0]}`);
  }
  const where = (path: YamlPath): string => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && node.range) return `${file}:${lc.linePos(node.range[0]).line}`;
    }
    return file;
  };
  const r = schema.safeParse(doc.toJS() ?? {});
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5);
    const first = issues[0];
    const path = [...first.path] as (string | number)[];
    const extra = first.code === 'unrecognized_keys' ? ` (${(first as { keys: string[] }).keys.join(', ')})` : '';
    const more = issues.length > 1 ? `; also: ${issues.slice(1).map((i) => `${dotted([...i.path] as (string | number)[])}: ${i.message}`).join('; ')}` : '';
    throw new InvalidInputError(`${where(path)} ${dotted(path)}`, `${first.message}${extra}${more}. See ${docs}.`, {
      issues: issues.map((i) => ({ path: dotted([...i.path] as (string | number)[]), message: i.message })),
    });
  }
  return { data: r.data as z.infer<S>, where };
}

/** Runs `f`; a tokenprint error it throws is re-thrown pointing at `file:line path`. */
export function atPath<T>(where: (p: YamlPath) => string, path: YamlPath, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof TokenprintError) throw new InvalidInputError(`${where(path)} ${dotted(path)}`, e.message, e.details as Record<string, unknown>);
    throw e;
  }
}

export function readInputFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new TokenprintError('NOT_FOUND', `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path });
  }
}
