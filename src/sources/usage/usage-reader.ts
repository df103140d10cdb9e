/**
 * The usage-reader port: one `UsageReader` per input format (formats/*.ts), listed once in formats/registry.ts.
 * A reader says whether a file is its format from the file's structure (`detect`, given a Sniff of its head), and
 * streams it as batches of parsed records (`read`). Line splitting, oversized lines, resuming at a line and whole
 * JSON documents are shared (read-json.ts, read-csv.ts), so a new format is one file plus its test.
 */
import type { ParsedRecord, UsageEvent } from './event.js';
import type { Sniff } from './sniff.js';
import type { ParsedAggregate } from './aggregate.js';
import type { AggregateWriter } from './bucket-writer.js';

export interface RecordBatch {
  readonly records: readonly ParsedRecord[];
  /** Every line up to and including this one has been read. */
  readonly lastLine: number;
  /** Records that are not usage (OTLP spans without GenAI attributes, non-generation observations…). */
  readonly ignoredSpans: number;
  /** Aggregate (bucketed) records, from aggregate formats; their refused records are in `records`. */
  readonly aggregates?: readonly ParsedAggregate[];
  /**
   * Blank (empty or whitespace-only) lines in this batch's lines: not records, counted beside `read`. Line-based
   * layouts only (JSON lines, CSV, metrics text); the lines inside a whole JSON document are not counted.
   */
  readonly blankLines?: number;
}

export interface ReadOptions {
  readonly format?: string;
  /** Lines already accounted for by an interrupted run (CSV keeps reading its header). */
  readonly skipLines?: number;
  readonly maxLineBytes?: number;
  /** A whole (pretty-printed) JSON document is read into memory up to this size, bytes. */
  readonly maxDocumentBytes?: number;
}

/** What a reader's `read` receives: the options, with the file's sniffed head and gzip flag. */
export interface ReaderInput extends ReadOptions {
  readonly sniff: Sniff;
  readonly gzip: boolean;
}

/** Writes usage events in a format (`tokenprint sample --as`, the property tests that hold every reader equal). */
export interface FormatWriter {
  /** First line(s) of the file (a CSV header), if any. */
  readonly header?: string;
  /** One event as one line of the format. */
  line(e: UsageEvent): string;
  /**
   * Whether the format can hold this request at all (a Bedrock log holds only Bedrock models); default: every one.
   * `sample --as` writes the requests a format can hold and says how many it left out.
   */
  represents?(e: UsageEvent): boolean;
  /** Subsets the format does not record (Bedrock logs no reasoning count): they read back as 0, totals unchanged. */
  readonly drops?: readonly ('cachedInputTokens' | 'reasoningTokens')[];
}

export interface UsageReader {
  /** The `--format` name. */
  readonly format: string;
  /** `request`: one record per request (UsageEvent); `aggregate`: bucketed totals (UsageAggregate). */
  readonly kind?: 'request' | 'aggregate';
  /** One line for `--help` and docs/usage-events.md. */
  readonly title: string;
  /** True when the sniffed head has this format's structure. Readers are asked in registry order. */
  detect(s: Sniff): boolean;
  read(path: string, o: ReaderInput): AsyncGenerator<RecordBatch>;
  readonly writer?: FormatWriter;
  /** For aggregate formats: writes requests as that format's buckets (`sample --as`, the range property test). */
  readonly aggregateWriter?: AggregateWriter;
}
