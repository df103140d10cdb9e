/**
 * Whether a sub-count a record gives (cache reads, thoughts) lies inside its base count or beside it. Providers
 * differ, and reading it the wrong way counts those tokens twice or not at all (the reasoning-counted-twice bug).
 * A reader states its documented reading; the record's own total, when it has one, confirms it or names the other.
 */
import { RecordError } from './normalize.js';

export interface SubsetParts {
  /** The count the subset may be part of (prompt tokens; candidates tokens). */
  readonly base: number;
  /** The sub-count (cache read + write; thoughts). */
  readonly subset: number;
  /** Everything else the total covers (the other side's count). */
  readonly rest: number;
  /** The record's total, if it gives one. */
  readonly total: number | undefined;
  /** Field names for the reason: base, subset, rest, total. */
  readonly names: readonly [string, string, string, string];
}

/**
 * True when the subset is beside the base (add it), false when inside it. Without a total (or with a zero subset)
 * the reader's documented reading (beside) stands; a total that matches neither reading refuses the record.
 */
export function placeSubset(p: SubsetParts): boolean {
  if (p.subset === 0 || p.total === undefined || p.total === p.base + p.subset + p.rest) return true;
  if (p.total === p.base + p.rest && p.subset <= p.base) return false;
  const [b, s, r, t] = p.names;
  throw new RecordError(
    `${t} ${p.total} matches neither ${b} + ${s} + ${r} (${p.base + p.subset + p.rest}) nor ${b} + ${r} (${p.base + p.rest}): cannot tell whether ${s} are inside ${b}`,
  );
}
