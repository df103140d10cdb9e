/**
 * Reading user files with limits: only regular files (a device such as /dev/zero, a pipe or a directory is
 * refused before it is read), up to a size cap; and YAML parsed in linear time with a cap on keys and on alias
 * expansion. The plan scenario, the ledger config and the grid file read through here, so a hostile file is
 * refused early with the file named, never parsed for minutes or read until memory runs out.
 */
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument, visit, isMap, isScalar, type Document } from 'yaml';
import type { z } from 'zod';
import { InvalidInputError, TokenprintError } from '../core/errors.js';

/** Largest YAML file read (a config or scenario with hundreds of deployments is tens of KB). */
export const MAX_YAML_BYTES = 256 * 1024;
/** Most mapping keys in one YAML file. */
export const MAX_YAML_KEYS = 10_000;
/** Most alias dereferences (the yaml package's default, which refuses "billion laughs" documents). */
const MAX_ALIAS_COUNT = 100;

const mib = (n: number) => `${(n / (1 << 20)).toFixed(n < 1 << 20 ? 2 : 0)} MiB`;

/** Throws unless `path` is a regular file of at most `maxBytes`; returns its size. */
export function checkRegularFile(path: string, what: string, maxBytes: number): number {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new TokenprintError('NOT_FOUND', `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path });
  }
  if (!st.isFile()) throw new InvalidInputError(what, `${path} is not a regular file (a device, pipe or directory): give a file`, { path });
  if (st.size > maxBytes) {
    throw new InvalidInputError(what, `${path} is ${mib(st.size)}, more than the ${mib(maxBytes)} a ${what} may have: refused before reading it`, { path, bytes: st.size });
  }
  return st.size;
}

/** The text of a regular file of at most `maxBytes`. */
export function readCappedText(path: string, what: string, maxBytes: number): string {
  checkRegularFile(path, what, maxBytes);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new TokenprintError('NOT_FOUND', `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path });
  }
}

export interface CappedYaml {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** The document as plain values (aliases expanded, up to the alias cap). */
  readonly value: unknown;
}

/**
 * Parses YAML text within the caps. Duplicate keys are refused here, with a Set per mapping (the yaml package's
 * own check compares every key with every other: quadratic, minutes for 100k keys).
 */
export function parseCappedYaml(text: string, file: string): CappedYaml {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_YAML_BYTES) throw new InvalidInputError(file, `${mib(bytes)} of YAML, more than the ${mib(MAX_YAML_BYTES)} accepted: refused before parsing`);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (pos: number | undefined) => (pos === undefined ? file : `${file}:${lineCounter.linePos(pos).line}`);
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new InvalidInputError(at(e.pos[0]), `not valid YAML: ${e.message.split('\n')[0]}`);
  }
  let keys = 0;
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      keys += map.items.length;
      if (keys > MAX_YAML_KEYS) throw new InvalidInputError(file, `more than ${MAX_YAML_KEYS.toLocaleString('en-US')} keys: refused (a config or scenario needs far fewer)`);
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const k = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(k)) throw new InvalidInputError(at(isScalar(pair.key) ? pair.key.range?.[0] : undefined), `the key '${String(k).slice(0, 60)}' appears twice in one mapping`);
        seen.add(k);
      }
    },
  });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError) {
      throw new InvalidInputError(file, `refused: its aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies (a YAML alias bomb); write the values out`);
    }
    throw e;
  }
  return { doc, lineCounter, value };
}

export type YamlPath = readonly (string | number)[];

/** A YAML path as a user writes it: `models[0].id`. */
export function dottedYamlPath(path: YamlPath): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : String(k)), '') || '(top level)';
}

export interface ValidatedYaml<T> {
  readonly data: T;
  /** `file:line` of the node at `path` (or of its nearest parent that exists). */
  readonly where: (path: YamlPath) => string;
}

/**
 * Parses YAML text within the caps and validates it against a zod schema; the first problems are reported with
 * file:line and the YAML path of the bad field, plus where to read more (`docs`).
 */
export function parseCappedYamlWith<S extends z.ZodType>(text: string, file: string, schema: S, docs: string): ValidatedYaml<z.infer<S>> {
  const { doc, lineCounter, value } = parseCappedYaml(text, file);
  const where = (path: YamlPath): string => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && node.range) return `${file}:${lineCounter.linePos(node.range[0]).line}`;
    }
    return file;
  };
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5);
    const first = issues[0];
    const path = [...first.path] as (string | number)[];
    const extra = first.code === 'unrecognized_keys' ? ` (${(first as { keys: string[] }).keys.join(', ')})` : '';
    const more = issues.length > 1 ? `; also: ${issues.slice(1).map((i) => `${dottedYamlPath([...i.path] as YamlPath)}: ${i.message}`).join('; ')}` : '';
    throw new InvalidInputError(`${where(path)} ${dottedYamlPath(path)}`, `${first.message}${extra}${more}. See ${docs}.`, {
      issues: issues.map((i) => ({ path: dottedYamlPath([...i.path] as YamlPath), message: i.message })),
    });
  }
  return { data: r.data as z.infer<S>, where };
}

/** Runs `f`; a tokenprint error it throws (an unknown catalog id, say) is re-thrown pointing at `file:line path`. */
export function atYamlPath<T>(where: (p: YamlPath) => string, path: YamlPath, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof TokenprintError) throw new InvalidInputError(`${where(path)} ${dottedYamlPath(path)}`, e.message, e.details as Record<string, unknown>);
    throw e;
  }
}
