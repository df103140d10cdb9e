/**
 * Validation at the edge: a loosely typed record (parsed JSON object, CSV row, OTel span attributes) becomes a
 * UsageEvent or a reason. Accepts the documented snake_case names, camelCase, and the older OpenAI-style names
 * (`prompt_tokens`, `completion_tokens`). Reasons name the field and say what was expected.
 */
import type { UsageEvent } from './event.js';

export type FieldGetter = (name: string) => unknown;

const ALIASES = {
  id: ['id', 'event_id', 'eventId', 'request_id', 'requestId', 'response_id'],
  timestamp: ['timestamp', 'time', 'ts', 'created_at', 'createdAt'],
  model: ['model', 'model_id', 'modelId'],
  provider: ['provider', 'vendor'],
  deployment: ['deployment'],
  region: ['region', 'zone'],
  inputTokens: ['input_tokens', 'inputTokens', 'prompt_tokens', 'promptTokens'],
  cachedInputTokens: ['cached_input_tokens', 'cachedInputTokens', 'cache_read_input_tokens'],
  outputTokens: ['output_tokens', 'outputTokens', 'completion_tokens', 'completionTokens'],
  reasoningTokens: ['reasoning_tokens', 'reasoningTokens'],
  latencyMs: ['latency_ms', 'latencyMs', 'duration_ms'],
  team: ['team'],
  app: ['app', 'application'],
  tags: ['tags'],
} as const;

/** The first of `names` whose value is present (not undefined, null or empty text). */
function pick(o: Readonly<Record<string, unknown>>, names: readonly string[]): unknown {
  for (let i = 0; i < names.length; i++) {
    const v = o[names[i]];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

const ALL_NAMES: readonly string[] = Object.values(ALIASES).flat();

/** Thrown inside normalisation; caught by the parser and turned into a reject reason. */
export class RecordError extends Error {}

/**
 * Whether the strings read from `text` (a JSON line, a CSV line) can hold neither a NUL nor a lone surrogate, so
 * normalizeFields may skip those checks (`plain`): text decoded from UTF-8 has no lone surrogate, and without a raw NUL
 * and without a `\u` escape (JSON's, or one in JSON text inside a CSV cell) no string made from it has either.
 */
export function isPlainText(text: string): boolean {
  return !text.includes('\\u') && !text.includes('\u0000');
}

/** A UTF-16 code unit of a surrogate pair without its other half (JSON `\ud800`). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function str(v: unknown, field: string, plain: boolean, max = 256): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw new RecordError(`${field}: expected a string, got ${typeof v}`);
  const s = v.trim();
  if (s.length > max) throw new RecordError(`${field}: longer than ${max} characters`);
  // PostgreSQL text cannot hold NUL, and a lone surrogate has no UTF-8 form (it would be stored as U+FFFD, so two
  // different names could merge): refused alike on every store.
  if (plain) return s === '' ? undefined : s;
  if (s.includes('\u0000')) throw new RecordError(`${field}: contains a NUL character (U+0000); remove it from the value`);
  if (LONE_SURROGATE.test(s)) throw new RecordError(`${field}: contains a lone UTF-16 surrogate (not valid Unicode text); fix the encoding of the value`);
  return s === '' ? undefined : s;
}

const CANONICAL_DIGITS = /^[0-9]{1,16}$/;

/**
 * The value of 1–9 plain decimal digits (a CSV cell's token count), read without a regular expression; -1 for
 * anything else (longer, signs, spaces…), which then takes the general checks. Nine digits stay within the 1e9 limit.
 */
function digitsOf(s: string): number {
  const len = s.length;
  if (len === 0 || len > 9) return -1;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function count(v: unknown, field: string, required: boolean): number {
  if (v === undefined) {
    if (required) throw new RecordError(`${field}: missing (a whole number of tokens ≥ 0 is required)`);
    return 0;
  }
  // A token count is a JSON number, or a string of plain decimal digits (CSV fields, exports that quote numbers).
  // Signs, exponents, decimal points, hex ("0x10") and binary ("0b11") strings are refused: Number() would read them
  // silently (docs/usage-events.md, "Token counts").
  if (typeof v === 'string') {
    const d = digitsOf(v); // the common cell: plain digits, at most 9 (whole, ≥ 0, below the 1e9 limit)
    if (d >= 0) return d;
  }
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && CANONICAL_DIGITS.test(v.trim())) n = Number(v.trim());
  else if (typeof v === 'string') throw new RecordError(`${field}: '${v.slice(0, 40)}' is not a whole number of tokens (write plain digits, e.g. 1200)`);
  else n = NaN;
  if (!Number.isFinite(n)) throw new RecordError(`${field}: '${String(v).slice(0, 40)}' is not a number`);
  if (n < 0) throw new RecordError(`${field}: negative (${n})`);
  if (!Number.isInteger(n)) throw new RecordError(`${field}: not a whole number (${n})`);
  if (n > 1e9) throw new RecordError(`${field}: ${n} tokens in one request is beyond any model's context (limit 1e9)`);
  return n;
}

/** ISO 8601 string, or epoch seconds/milliseconds/nanoseconds as a number. */
const isDigit = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/** Positions of the digits in `YYYY-MM-DDThh:mm:ss`. */
const ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days from 1970-01-01 to the first of each month of a non-leap year. */
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const d2 = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;

/**
 * `YYYY-MM-DDThh:mm:ss[.f…]Z`, the shape most logs write, read digit by digit (fractions beyond milliseconds are
 * truncated, as Date.parse does); NaN for anything else, which then takes the general path.
 */
export function fastIso(s: string): number {
  const n = s.length;
  if (n < 20 || n > 35 || s.charCodeAt(n - 1) !== 90 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84) return NaN;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  for (let k = 0; k < ISO_DIGITS.length; k++) if (!isDigit(s, ISO_DIGITS[k])) return NaN;
  const year = d2(s, 0) * 100 + d2(s, 2);
  const month = d2(s, 5);
  const day = d2(s, 8);
  const hour = d2(s, 11);
  const minute = d2(s, 14);
  const second = d2(s, 17);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1] + (month === 2 && leap ? 1 : 0)) return NaN;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  let ms = 0;
  if (n > 20) {
    if (s.charCodeAt(19) !== 46 || n === 21) return NaN;
    for (let i = 20; i < n - 1; i++) {
      if (!isDigit(s, i)) return NaN;
      if (i < 23) ms = ms * 10 + s.charCodeAt(i) - 48;
    }
    for (let i = Math.min(n - 1, 23); i < 23; i++) ms *= 10;
  }
  // Days since the epoch: whole years (with their leap days), then months and days of this year.
  const y = year - 1;
  const days = 365 * (year - 1970) + (Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 477) + DAYS_BEFORE_MONTH[month - 1] + (month > 2 && leap ? 1 : 0) + day - 1;
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms;
}

/** Latest time accepted, 9999-12-31T23:59:59.999Z: what ISO 8601 writes with four-digit years (and far inside
 * the BIGINT milliseconds and the timestamp types of DuckDB and PostgreSQL). Times before 1970 are refused too. */
export const MAX_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The time in ms, or a RecordError when it is outside 1970-01-01 … 9999-12-31 (UTC). */
function inRange(ms: number, v: unknown): number {
  if (!(ms > 0 && ms <= MAX_TIMESTAMP_MS)) {
    throw new RecordError(`timestamp: '${String(v).slice(0, 40)}' is outside 1970-01-01 … 9999-12-31 (UTC)`);
  }
  return ms;
}

/** The calendar fields of `YYYY-MM-DD[Thh:mm[:ss]]` are each in range (Date.parse rolls 2025-02-29 into March). */
function calendarError(s: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s);
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month < 1 || month > 12) return `month ${m[2]} does not exist`;
  if (day < 1 || day > DAYS_IN_MONTH[month - 1] + (month === 2 && leap ? 1 : 0)) return `${m[1]}-${m[2]} has no day ${m[3]}`;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59))) {
    return `${m[4]}:${m[5]}${m[6] === undefined ? '' : ':' + m[6]} is not a time of day (00:00:00 … 23:59:59)`;
  }
  return undefined;
}

export function parseTimestamp(v: unknown): number {
  if (v === undefined) throw new RecordError('timestamp: missing');
  if (typeof v === 'string') {
    const ms = fastIso(v);
    if (ms === ms) return ms; // not NaN
  }
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()))) {
    const n = Number(v);
    // Magnitude tells the unit: s (≈1.7e9), ms (≈1.7e12), µs (≈1.7e15), ns (≈1.7e18).
    const ms = n < 1e11 ? n * 1000 : n < 1e14 ? n : n < 1e17 ? n / 1e3 : n / 1e6;
    if (!Number.isFinite(ms) || ms <= 0) throw new RecordError(`timestamp: '${String(v).slice(0, 40)}' is not a time`);
    return inRange(Math.round(ms), v);
  }
  if (typeof v !== 'string') throw new RecordError(`timestamp: expected ISO 8601 text or epoch number, got ${typeof v}`);
  const s = v.trim();
  // Date.parse accepts many shapes; demand at least a full date so that '5' or 'monday' are refused.
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) throw new RecordError(`timestamp: '${s.slice(0, 40)}' is not ISO 8601 (2025-06-01T12:00:00Z)`);
  // A bare date-time without zone is read as UTC, not local time.
  const withZone = /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) || s.length === 10 ? s : s + 'Z';
  const bad = calendarError(s);
  if (bad !== undefined) throw new RecordError(`timestamp: '${s.slice(0, 40)}' is not a valid date (${bad})`);
  const ms = Date.parse(withZone);
  if (!Number.isFinite(ms)) throw new RecordError(`timestamp: '${s.slice(0, 40)}' is not a valid date`);
  return inRange(ms, s);
}

/** Deepest tag value kept (as JSON text); deeper ones are refused before JSON.stringify would overflow the stack. */
const MAX_TAG_DEPTH = 32;

/** Whether a parsed JSON value has objects/arrays nested more than `max` levels (iterative: no recursion). */
function nestedDeeperThan(v: object, max: number): boolean {
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    if (d > max) return true;
    for (const y of Object.values(x)) if (typeof y === 'object' && y !== null) stack.push([y, d + 1]);
  }
  return false;
}

function tagsOf(v: unknown): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  let o: unknown = v;
  if (typeof v === 'string') {
    try {
      o = JSON.parse(v);
    } catch {
      throw new RecordError('tags: not a JSON object');
    }
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new RecordError('tags: expected an object of strings');
  const out: Record<string, string> = {};
  let n = 0;
  for (const [k, x] of Object.entries(o as Record<string, unknown>)) {
    if (++n > 64) throw new RecordError('tags: more than 64 entries');
    if (typeof x === 'object' && x !== null && nestedDeeperThan(x, MAX_TAG_DEPTH)) {
      throw new RecordError(`tags: '${k.slice(0, 40)}' is nested more than ${MAX_TAG_DEPTH} levels deep`);
    }
    out[k] = typeof x === 'string' ? x : JSON.stringify(x);
  }
  return n ? out : undefined;
}

/** Builds a UsageEvent from named fields; throws RecordError with the reason. */
export function normalizeRecord(get: FieldGetter): UsageEvent {
  const o: Record<string, unknown> = {};
  for (const n of ALL_NAMES) {
    const v = get(n);
    if (v !== undefined) o[n] = v;
  }
  return normalizeObject(o);
}

/**
 * An event's fields under their documented names (the first name of each ALIASES list), as a format reader's mapping
 * gives them (object-format.ts `fields`): absent, null and empty text all mean "not given".
 */
export interface EventFields {
  readonly id?: unknown;
  readonly timestamp?: unknown;
  readonly model?: unknown;
  readonly provider?: unknown;
  readonly deployment?: unknown;
  readonly region?: unknown;
  readonly input_tokens?: unknown;
  readonly cached_input_tokens?: unknown;
  readonly output_tokens?: unknown;
  readonly reasoning_tokens?: unknown;
  readonly latency_ms?: unknown;
  readonly team?: unknown;
  readonly app?: unknown;
  readonly tags?: unknown;
}

/**
 * Builds a UsageEvent from a parsed object (a JSONL line, an OTLP span's fields) under any of the accepted names;
 * throws RecordError with the reason. One pass of direct property reads. `plain`: the caller knows no string of `o`
 * holds a NUL or a lone surrogate (parsed from UTF-8 JSON text without a `\u` escape: raw NULs do not parse and
 * decoding leaves no lone surrogate), so those two checks are skipped.
 */
export function normalizeObject(o: Readonly<Record<string, unknown>>, plain = false): UsageEvent {
  return normalizeFields(
    {
      id: pick(o, ALIASES.id),
      timestamp: pick(o, ALIASES.timestamp),
      model: pick(o, ALIASES.model),
      provider: pick(o, ALIASES.provider),
      deployment: pick(o, ALIASES.deployment),
      region: pick(o, ALIASES.region),
      input_tokens: pick(o, ALIASES.inputTokens),
      cached_input_tokens: pick(o, ALIASES.cachedInputTokens),
      output_tokens: pick(o, ALIASES.outputTokens),
      reasoning_tokens: pick(o, ALIASES.reasoningTokens),
      latency_ms: pick(o, ALIASES.latencyMs),
      team: pick(o, ALIASES.team),
      app: pick(o, ALIASES.app),
      tags: pick(o, ALIASES.tags),
    },
    plain,
  );
}

/** A field's value, or undefined when it is absent, null or empty text (as `pick` reads it). */
const given = (v: unknown): unknown => (v === null || v === '' ? undefined : v);

/**
 * Builds a UsageEvent from its fields under the documented names (a format reader's mapping, which names each field
 * once: no alias lookups); throws RecordError with the reason. Every event gets the same fields in the same order
 * (absent ones undefined), so code downstream sees one object shape. `plain`: see normalizeObject.
 */
export function normalizeFields(f: EventFields, plain = false): UsageEvent {
  const model = str(given(f.model), 'model', plain);
  const deployment = str(given(f.deployment), 'deployment', plain);
  let provider = str(given(f.provider), 'provider', plain)?.toLowerCase();
  if (provider === undefined && deployment !== undefined) provider = 'self-hosted';
  if (provider === undefined) throw new RecordError('provider: missing (an API provider such as openai, or self-hosted)');
  if (model === undefined && deployment === undefined) throw new RecordError('model: missing');
  if (provider === 'self-hosted' && deployment === undefined) {
    throw new RecordError('deployment: missing (self-hosted events name a deployment from the config)');
  }
  const inputTokens = count(given(f.input_tokens), 'input_tokens', true);
  const outputTokens = count(given(f.output_tokens), 'output_tokens', true);
  const cachedInputTokens = count(given(f.cached_input_tokens), 'cached_input_tokens', false);
  const reasoningTokens = count(given(f.reasoning_tokens), 'reasoning_tokens', false);
  if (cachedInputTokens > inputTokens) {
    throw new RecordError(`cached_input_tokens (${cachedInputTokens}) exceeds input_tokens (${inputTokens}): cached tokens are part of the input`);
  }
  if (reasoningTokens > outputTokens) {
    throw new RecordError(`reasoning_tokens (${reasoningTokens}) exceeds output_tokens (${outputTokens}): reasoning tokens are part of the output`);
  }
  const lat = given(f.latency_ms);
  let latencyMs: number | undefined;
  if (lat !== undefined) {
    latencyMs = typeof lat === 'number' ? lat : Number(lat);
    if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new RecordError(`latency_ms: '${String(lat).slice(0, 40)}' is not a duration ≥ 0`);
  }
  const timestampMs = parseTimestamp(given(f.timestamp));
  const id = str(given(f.id), 'id', plain);
  const region = str(given(f.region), 'region', plain);
  const team = str(given(f.team), 'team', plain);
  const app = str(given(f.app), 'app', plain);
  const tags = tagsOf(given(f.tags));
  // Field order is that of earlier versions (content hashes of id-less events JSON.stringify the event).
  return {
    timestampMs,
    model: model ?? deployment ?? '',
    provider,
    inputTokens,
    cachedInputTokens,
    outputTokens,
    reasoningTokens,
    id,
    deployment,
    region,
    latencyMs,
    team,
    app,
    tags,
  };
}
