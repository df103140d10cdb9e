/**
 * Reading user files with limits: only regular files (a device such as /dev/zero, a pipe or a directory is
 * refused before it is read), up to a size cap; and YAML parsed in linear time with a cap on keys and on alias
 * expansion. The plan scenario, the ledger config and the grid file read through here, so a hostile file is
 * refused early with the file named, never parsed for minutes or read until memory runs out.
 */
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument, visit, isMap, isScalar, type Document } from 'yaml';
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
