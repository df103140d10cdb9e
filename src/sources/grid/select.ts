/**
 * Picks a grid source from a `--source` spec: `static`, `file:PATH`, `electricitymaps`, `watttime`, `ukci`. Base URLs
 * come from TOKENPRINT_ELECTRICITYMAPS_URL, TOKENPRINT_WATTTIME_URL and TOKENPRINT_UKCI_URL when set (tests point
 * them at 127.0.0.1), and responses are cached in TOKENPRINT_GRID_CACHE_DIR when set.
 */
import { InvalidInputError } from '../../core/errors.js';
import { withCache } from './cache.js';
import { electricityMapsSource } from './electricitymaps.js';
import { fileSource } from './file.js';
import type { FetchLike } from './http.js';
import type { GridSignalSource, SignalKind } from './signal.js';
import { staticYearlySource } from './static.js';
import { ukCarbonIntensitySource } from './ukci.js';
import { wattTimeSource } from './watttime.js';

export const GRID_SOURCE_KINDS = ['static', 'file:PATH', 'electricitymaps', 'watttime', 'ukci'] as const;

export interface SelectOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly fetch?: FetchLike;
  readonly now?: () => number;
  /** Signal a file declares (files cannot be trusted to say); default `average`. */
  readonly fileSignal?: SignalKind;
}

export function gridSourceFromSpec(spec: string, o: SelectOptions = {}): GridSignalSource {
  const env = o.env ?? process.env;
  const s = spec.trim();
  let src: GridSignalSource;
  if (s === 'static') src = staticYearlySource({ now: o.now });
  else if (s.startsWith('file:') && s.length > 5) src = fileSource(s.slice(5), o.fileSignal ?? 'average');
  else if (s === 'electricitymaps') src = electricityMapsSource({ env, fetch: o.fetch, now: o.now, baseUrl: env.TOKENPRINT_ELECTRICITYMAPS_URL });
  else if (s === 'watttime') src = wattTimeSource({ env, fetch: o.fetch, baseUrl: env.TOKENPRINT_WATTTIME_URL });
  else if (s === 'ukci') src = ukCarbonIntensitySource({ fetch: o.fetch, now: o.now, baseUrl: env.TOKENPRINT_UKCI_URL });
  else throw new InvalidInputError('--source', `'${spec}' is not one of ${GRID_SOURCE_KINDS.join(', ')}`);
  const dir = env.TOKENPRINT_GRID_CACHE_DIR;
  return s === 'static' || s.startsWith('file:') ? src : withCache(src, { dir: dir && dir.trim() !== '' ? dir : undefined, now: o.now });
}
