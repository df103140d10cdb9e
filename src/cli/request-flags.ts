/**
 * Flags → plain request object → the use case's zod request schema (src/estimate/*-request.ts, the same definition
 * the HTTP API validates with) → the typed request. The CLI reads only the syntax of a flag here (a number with an
 * optional k/M/B/T suffix, a choice in any case); the schema decides what is valid. Its issues are said in the CLI's
 * words, naming the flag the user typed (`--input-tokens`, never `inputTokens`).
 */
import type { z } from 'zod';
import { InfeasibleError, InvalidInputError } from '../core/errors.js';
import { parseAmount } from './parse.js';

/** A flag's raw text and where its value goes in the request (a path of object keys). */
export interface FlagValue {
  readonly flag: string;
  readonly raw: string;
}

/** The raw flag behind each request path ("deployment.gpus" → --gpus), filled as values are read. */
export class RequestFlags {
  private readonly byPath = new Map<string, FlagValue>();

  /** A number flag (`1.5k`, `7B`, `2e12`): its syntax here, its range in the schema. */
  num(path: string, flag: string, raw: string | undefined): number | undefined {
    if (raw === undefined) return undefined;
    this.byPath.set(path, { flag, raw });
    return parseAmount(raw, flag);
  }

  /** A choice flag (`--boundary GPU`): trimmed and lower-cased, checked by the schema's enum. */
  choice(path: string, flag: string, raw: string | undefined): string | undefined {
    if (raw === undefined) return undefined;
    this.byPath.set(path, { flag, raw });
    return raw.trim().toLowerCase();
  }

  /** A value the CLI computed itself from a flag (its issues name that flag). */
  from<T>(path: string, flag: string, raw: string, value: T): T {
    this.byPath.set(path, { flag, raw });
    return value;
  }

  /** Parses `request` with `schema`; the first issue becomes an InvalidInputError naming the flag. */
  parse<S extends z.ZodType>(schema: S, request: unknown): z.output<S> {
    const r = schema.safeParse(request);
    if (r.success) return r.data;
    const issue = firstIssue(r.error.issues);
    const path = issue.path.map(String).join('.');
    const at = this.byPath.get(path);
    const flag = at?.flag ?? `--${kebab(String(issue.path[issue.path.length - 1] ?? 'input'))}`;
    if (issue.code === 'too_big' && issue.origin === 'int') {
      // A whole number past 2^53 (a token count of 1e30): beyond any model's context, as the estimators would say.
      throw new InfeasibleError(`${flag} ${at?.raw ?? ''} is beyond any model's context window and any count the estimate can hold (≤ ${String(issue.maximum)})`, { field: path });
    }
    throw new InvalidInputError(flag, message(issue, at?.raw));
  }
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

type Issue = z.core.$ZodIssue;

/** The issue the user should fix first: a union's first branch issue; a range before a whole-number issue. */
function firstIssue(issues: readonly Issue[]): Issue {
  const first = issues[0];
  const same = issues.filter((i) => i.path.join('.') === first.path.join('.'));
  const pick = same.find((i) => i.code === 'too_small' || i.code === 'too_big') ?? first;
  if (pick.code === 'invalid_union' && pick.errors.length > 0 && pick.errors[0].length > 0) {
    const inner = firstIssue(pick.errors[0]);
    return { ...inner, path: [...pick.path, ...inner.path] } as Issue;
  }
  return pick;
}

function message(issue: Issue, raw: string | undefined): string {
  const got = raw === undefined ? '' : `, got '${raw}'`;
  switch (issue.code) {
    case 'too_small':
      if (Number(issue.minimum) === 0) return issue.inclusive ? `must be zero or more${got}` : `must be greater than zero${got}`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}${got}`;
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}${got}`;
    case 'invalid_type':
      if (issue.expected === 'int') return `must be a whole number${got}`;
      if (issue.expected === 'number') return `must be a finite number${got}`;
      return issue.message;
    case 'invalid_value':
      return `'${raw ?? ''}' is not one of ${issue.values.map(String).join(', ')}`;
    default:
      return issue.message;
  }
}
