/**
 * The same requests as tokenprint JSONL and as each importable format (`sample --as`) give the same ledger: same
 * counts (read = accepted + rejected + duplicates) and the same energy, carbon and water totals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/ledger/config.js';
import { openStore } from '../../src/ledger/store/open-store.js';
import { ingest, type IngestSummary } from '../../src/ledger/ingest/ingest.js';
import { writeSample, SAMPLE_FORMATS } from '../../src/cli/commands/sample.js';
import { readUsage } from '../../src/sources/usage/reader.js';
import { eventJson } from '../../src/sources/usage/formats/jsonl.js';
import { readerFor } from '../../src/sources/usage/formats/registry.js';

async function ingestOne(configText: string, file: string): Promise<IngestSummary> {
  const store = await openStore(':memory:');
  try {
    return await ingest(store, parseConfig(configText, 'tokenprint.yaml'), [file]);
  } finally {
    await store.close();
  }
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('sample --as FORMAT: every format books the same requests as the JSONL sample', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-fmt-ledger-'));
  try {
    const base = await writeSample(join(dir, 'jsonl'), { events: 1500, seed: 5, month: '2025-06' });
    const configText = readFileSync(base.config, 'utf8');
    // Aggregate formats (buckets) book within a range, not equal per request: test/ledger/aggregate-ledger.test.ts.
    for (const as of SAMPLE_FORMATS.filter((f) => readerFor(f)?.kind !== 'aggregate')) {
      const s = await writeSample(join(dir, as), { events: 1500, seed: 5, month: '2025-06', as });
      const got = await ingestOne(configText, s.usage);
      assert.equal(got.read, got.accepted + got.rejected + got.duplicates, `${as}: counts reconcile`);
      assert.equal(got.files[0].format, as, `${as} is detected`);
      // The reference: the events this format's reader produced, as our JSONL (so a format that can hold only some
      // providers, like Bedrock, is compared on what it holds); for formats holding every request, the sample itself.
      let ref: IngestSummary;
      if ((s.conversion?.notRepresented ?? 0) === 0) {
        ref = await ingestOne(configText, base.usage);
        // The sample's malformed lines have no form in other formats: they are the only difference in reads.
        assert.equal(got.accepted, ref.accepted, `${as}: accepted`);
        assert.equal(got.duplicates, ref.duplicates, `${as}: duplicates`);
      } else {
        const lines: string[] = [];
        for await (const b of readUsage(s.usage)) for (const r of b.records) if (r.ok) lines.push(JSON.stringify(eventJson(r.event)));
        const f = join(dir, `${as}-as-jsonl.jsonl`);
        writeFileSync(f, lines.join('\n') + '\n');
        ref = await ingestOne(configText, f);
        assert.ok(got.accepted > 0, `${as} holds some of the sample`);
        assert.equal(got.accepted, ref.accepted, `${as}: accepted`);
      }
      close(got.energyKWh, ref.energyKWh, `${as}: energy`);
      close(got.carbonKg.location, ref.carbonKg.location, `${as}: carbon (location)`);
      close(got.carbonKg.market, ref.carbonKg.market, `${as}: carbon (market)`);
      close(got.waterL, ref.waterL, `${as}: water`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
