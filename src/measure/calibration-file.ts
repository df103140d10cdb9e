/**
 * Saves endpoint measurements as calibrations in a tokenprint.yaml config, under `calibrations:`, so the ledger
 * can book that deployment at method tier `measured`. One entry per deployment and batch; saving again replaces
 * the entry with the same `deployment` and `batch` and keeps everything else in the file (comments included).
 *
 *   calibrations:
 *     - deployment: llama8b-prod
 *       hardware: h100-sxm
 *       gpus: 1
 *       model: llama-3.1-8b-instruct
 *       precision: bf16
 *       batch: 64
 *       measuredJPerOutputToken: 0.121
 *       predictedJPerOutputToken: 0.118
 *       factor: 1.025
 *       measuredAt: 2026-01-01T12:00:00.000Z
 *       source: tokenprint profile-endpoint …
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseDocument, isSeq, YAMLSeq } from 'yaml';
import { InvalidInputError } from '../core/errors.js';
import { VERSION } from '../version.js';
import type { ProfileResult } from './profile-endpoint.js';

export interface CalibrationEntry {
  readonly deployment: string;
  readonly hardware: string;
  readonly gpus: number;
  readonly model: string;
  readonly precision: string;
  readonly batch: number;
  readonly measuredJPerOutputToken: number;
  readonly predictedJPerOutputToken: number;
  /** measured / predicted. */
  readonly factor: number;
  readonly measuredAt: string;
  readonly source: string;
}

/** Adds or replaces entries in `path` (created when missing); returns how many were replaced. */
export function saveCalibrations(path: string, entries: readonly CalibrationEntry[]): { added: number; replaced: number } {
  // A calibration scales every booked request of its deployment: one that is not a positive finite number (a broken
  // power reading) would put nonsense into the ledger, so it is refused here whatever produced it.
  for (const e of entries) {
    for (const [k, v] of [['measuredJPerOutputToken', e.measuredJPerOutputToken], ['predictedJPerOutputToken', e.predictedJPerOutputToken], ['factor', e.factor]] as const) {
      if (!(Number.isFinite(v) && v > 0)) {
        throw new InvalidInputError('--save-calibration', `${e.deployment} batch ${e.batch}: ${k} ${v} is not a positive number; nothing was saved (an implausible measurement)`);
      }
    }
  }
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const doc = parseDocument(text);
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new InvalidInputError('--save-calibration', `${path}:${e.linePos?.[0]?.line ?? '?'} is not valid YAML: ${e.message.split('\n')[0]}`);
  }
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  let seq = doc.get('calibrations');
  if (seq === undefined || seq === null) {
    seq = new YAMLSeq();
    doc.set('calibrations', seq);
  }
  if (!isSeq(seq)) throw new InvalidInputError('--save-calibration', `${path}: 'calibrations' must be a list`);
  let added = 0;
  let replaced = 0;
  for (const entry of entries) {
    const idx = seq.items.findIndex((item) => {
      const j = (item as { toJSON?: () => unknown }).toJSON?.() as Partial<CalibrationEntry> | undefined;
      return j?.deployment === entry.deployment && j?.batch === entry.batch;
    });
    const node = doc.createNode({ ...entry });
    if (idx >= 0) {
      seq.items[idx] = node;
      replaced++;
    } else {
      seq.items.push(node);
      added++;
    }
  }
  writeFileSync(path, doc.toString());
  return { added, replaced };
}

/** Reads the `calibrations` list of a config file (for tools and tests; the ledger validates its own config). */
export function readCalibrations(path: string): CalibrationEntry[] {
  const doc = parseDocument(readFileSync(path, 'utf8'));
  const list = (doc.toJS() as { calibrations?: CalibrationEntry[] } | null)?.calibrations;
  return Array.isArray(list) ? list : [];
}

/**
 * The calibrations a profile yields: one per concurrency level that produced both a measurement and a prediction
 * (deployment name: the one given, else MODEL@HARDWARExGPUS). Throws when no level did.
 */
export function calibrationEntries(r: ProfileResult, deployment?: string): CalibrationEntry[] {
  const out: CalibrationEntry[] = [];
  for (const l of r.levels) {
    if (!l.jPerOutputToken || !l.prediction || l.calibrationFactor === undefined) continue;
    const p = l.prediction;
    out.push({
      deployment: deployment ?? `${p.model}@${p.hardware}x${p.gpus}`,
      hardware: p.hardware,
      gpus: p.gpus,
      model: p.model,
      precision: p.precision,
      batch: l.concurrency,
      measuredJPerOutputToken: l.jPerOutputToken.value,
      predictedJPerOutputToken: p.jPerOutputToken.value,
      factor: l.calibrationFactor,
      measuredAt: r.measuredAt,
      source:
        `tokenprint ${VERSION} profile-endpoint ${r.url} (${r.model}), ${r.power?.name ?? 'no'} ${r.power?.precision.kind ?? ''} power, ` +
        `steady window ${l.window.durationS.toFixed(1)} s, ${Math.round(l.window.outputTokens)} output tokens, GPU boundary`,
    });
  }
  if (out.length === 0) throw new InvalidInputError('--save-calibration', 'no level produced both a measurement and a prediction; nothing to save');
  return out;
}
