/**
 * Caching decorator for any grid source: an in-memory map, and optionally a directory of JSON files so repeated
 * CLI runs do not spend an API quota. Entries expire after `ttlS` (default 1 h: providers refresh hourly).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GridSeries, GridSignalSource, SignalKind } from './signal.js';

export interface CacheOptions {
  readonly dir?: string;
  readonly ttlS?: number;
  readonly now?: () => number;
}

interface Entry<S extends SignalKind> {
  readonly atMs: number;
  readonly series: GridSeries<S>;
}

export function withCache<S extends SignalKind>(src: GridSignalSource<S>, o: CacheOptions = {}): GridSignalSource<S> & { hits(): number } {
  const ttlMs = (o.ttlS ?? 3600) * 1000;
  const now = o.now ?? (() => Date.now());
  const mem = new Map<string, Entry<S>>();
  let hits = 0;
  const fileOf = (key: string) => (o.dir ? join(o.dir, createHash('sha256').update(key).digest('hex').slice(0, 32) + '.json') : undefined);
  function read(key: string): GridSeries<S> | undefined {
    const e = mem.get(key);
    if (e && now() - e.atMs < ttlMs) return e.series;
    const f = fileOf(key);
    if (!f) return undefined;
    try {
      const disk = JSON.parse(readFileSync(f, 'utf8')) as Entry<S> & { key: string };
      if (disk.key === key && now() - disk.atMs < ttlMs && disk.series.signal === src.signal) {
        mem.set(key, disk);
        return disk.series;
      }
    } catch {
      // no file or unreadable: a miss
    }
    return undefined;
  }
  function write(key: string, series: GridSeries<S>): void {
    const e = { atMs: now(), series };
    mem.set(key, e);
    const f = fileOf(key);
    if (f && o.dir) {
      mkdirSync(o.dir, { recursive: true });
      writeFileSync(f, JSON.stringify({ key, ...e }));
    }
  }
  async function get(key: string, load: () => Promise<GridSeries<S>>): Promise<GridSeries<S>> {
    const hit = read(key);
    if (hit) {
      hits++;
      return hit;
    }
    const s = await load();
    write(key, s);
    return s;
  }
  return {
    id: src.id,
    signal: src.signal,
    history: (zone, fromMs, toMs) => get(`${src.id}|${src.signal}|history|${zone}|${fromMs}|${toMs}`, () => src.history(zone, fromMs, toMs)),
    forecast: (zone, fromMs, toMs) => get(`${src.id}|${src.signal}|forecast|${zone}|${fromMs}|${toMs}`, () => src.forecast(zone, fromMs, toMs)),
    hits: () => hits,
  };
}
