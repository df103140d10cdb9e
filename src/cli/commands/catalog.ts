import type { Command } from 'commander';
import { acceleratorEmbodiedLowKg, listAccelerators, listModels, listRegions, listZones } from '../../estimate/catalog-listing.js';
import { num, table } from '../format.js';

function out(json: boolean | undefined, data: unknown, text: () => string): void {
  process.stdout.write((json ? JSON.stringify(data, null, 2) : text()) + '\n');
}

export function registerCatalog(program: Command): void {
  const cat = program.command('catalog').description('list the reference data tokenprint knows, with sources');
  cat
    .command('accelerators')
    .description('accelerators: TDP, dense peak TFLOP/s, memory, bandwidth, embodied carbon')
    .option('--json', 'print JSON')
    .action((f: { json?: boolean }) =>
      out(f.json, listAccelerators(), () =>
        table(
          listAccelerators().map((a) => [
            a.id,
            a.vendor,
            String(a.year),
            String(a.tdpW),
            num(a.peakTflops.bf16),
            a.peakTflops.fp8 ? num(a.peakTflops.fp8) : '—',
            String(a.memoryGB),
            num(a.memoryBandwidthTBps),
            `${num(a.embodied.kgCO2e.value)}${a.embodied.assumed ? '*' : ''}`,
            a.dieAreaMm2 ? num(acceleratorEmbodiedLowKg(a) ?? 0) : '—',
            a.source,
          ]),
          ['id', 'vendor', 'year', 'TDP W', 'BF16 TF/s', 'FP8 TF/s', 'mem GB', 'TB/s', 'embodied kg', 'die-area ≥ kg', 'source'],
        ) +
          '\n* assumed (see `--json` notes and docs/methodology/hardware.md). die-area ≥: LLMCarbon die area × carbon per area + memory, a lower bound (least-carbon process node).',
      ),
    );
  cat
    .command('models')
    .description('models: total/active parameters and architecture facts')
    .option('--json', 'print JSON')
    .action((f: { json?: boolean }) =>
      out(f.json, listModels(), () =>
        table(
          listModels().map((m) => [
            m.id,
            m.hfId ?? '—',
            m.architecture,
            num(m.totalParams.value / 1e9) + 'B',
            num(m.activeParams.value / 1e9) + 'B',
            m.nativePrecision,
            !m.architectureEstimated ? 'published' : m.totalParams.low === m.totalParams.high ? 'size published, shape estimated' : 'estimated',
            m.source.length > 70 ? m.source.slice(0, 69) + '…' : m.source,
          ]),
          ['id', 'hugging face id', 'arch', 'total', 'active', 'precision', 'architecture', 'source (full: --json)'],
        ),
      ),
    );
  cat
    .command('zones')
    .description('grid zones with yearly carbon intensity, and cloud regions mapped to zones')
    .option('--json', 'print JSON')
    .action((f: { json?: boolean }) =>
      out(f.json, { zones: listZones(), regions: listRegions() }, () =>
        table(
          listZones().map((z) => [z.id, z.name, String(z.intensityGPerKWh), z.factorType, String(z.year)]),
          ['zone', 'name', 'gCO2e/kWh', 'factor', 'year'],
        ) +
          '\n\n' +
          table(
            listRegions().map((r) => [r.id, r.zone, r.location]),
            ['cloud region', 'zone', 'location'],
          ) +
          `\n\nSource: ${listZones()[0]?.source ?? ''}; licence: ${listZones()[0]?.licence ?? ''}`,
      ),
    );
}
