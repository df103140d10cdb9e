/**
 * Re-expresses usage events in another format through that format's writer (`tokenprint sample --as`): the same
 * requests, in the shape a gateway, cloud log or observability tool would have written them.
 */
import type { UsageEvent } from './event.js';
import { RecordError, normalizeObject } from './normalize.js';
import type { FormatWriter } from './usage-reader.js';

export interface Conversion {
  /** Lines written (the header included). */
  readonly lines: number;
  readonly events: number;
  /** Events the format cannot hold (writer.represents), left out. */
  readonly notRepresented: number;
  /** Source lines that are not valid events (the sample's deliberately malformed records), left out. */
  readonly invalid: number;
}

/** One of our JSONL lines as an event; undefined for a line that is not a valid event (the sample's malformed ones). */
export function sampleEvent(line: string): UsageEvent | undefined {
  try {
    const v: unknown = JSON.parse(line);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RecordError('not an object');
    return normalizeObject(v as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

/**
 * Reads our JSONL lines into events a writer can represent, counting the lines that are not valid events and the
 * events the target format cannot hold (shared by the per-request and the bucket converters).
 */
export function eventTaker(represents: ((e: UsageEvent) => boolean) | undefined): {
  event(line: string): UsageEvent | undefined;
  counts(): { events: number; notRepresented: number; invalid: number };
} {
  let events = 0;
  let notRepresented = 0;
  let invalid = 0;
  return {
    event(line: string) {
      const e = sampleEvent(line);
      if (e === undefined) {
        invalid++;
        return undefined;
      }
      if (represents !== undefined && !represents(e)) {
        notRepresented++;
        return undefined;
      }
      events++;
      return e;
    },
    counts: () => ({ events, notRepresented, invalid }),
  };
}

/** A converter fed our JSONL lines one by one; `emit` receives each line of the target format. */
export function jsonlConverter(writer: FormatWriter, emit: (line: string) => void): { push(line: string): void; done(): Conversion } {
  let lines = 0;
  const take = eventTaker(writer.represents);
  if (writer.header !== undefined) {
    emit(writer.header);
    lines++;
  }
  return {
    push(line: string) {
      const e = take.event(line);
      if (e === undefined) return;
      emit(writer.line(e));
      lines++;
    },
    done: () => ({ lines, ...take.counts() }),
  };
}
