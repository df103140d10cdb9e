/**
 * The in-memory key-hash set behind DuckDB's duplicate check: hashes are exact integers below 2^53, the set
 * answers "certainly new" or "probably seen", and the driver never drops an event on a hash collision (hits are
 * confirmed against the stored full keys), also after the set is rebuilt from the database.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../helpers/property-seed.js';
import { KeyHashSet, keyHash } from '../../src/ledger/store/key-set.js';
import { RowBatch } from '../../src/ledger/store/rows.js';
import { emptyFootprint, type Dim } from '../../src/ledger/ingest/estimator.js';
import { DuckDbDriver } from '../../src/ledger/store/duckdb-driver.js';
import { LedgerStore } from '../../src/ledger/store/store.js';
import type { UsageEvent } from '../../src/sources/usage/event.js';

test('keyHash is a deterministic integer in [0, 2^53)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (s) => {
      const h = keyHash(s);
      assert.ok(Number.isSafeInteger(h) && h >= 0, `${s} → ${h}`);
      assert.equal(keyHash(s), h);
    }),
  );
  // Distinct short keys (request ids differ in a few characters) get distinct hashes.
  const seen = new Set<number>();
  for (let i = 0; i < 200_000; i++) seen.add(keyHash(`chatcmpl-${i.toString(36)}`));
  assert.equal(seen.size, 200_000);
});

test('KeyHashSet: add says new exactly once per hash, and reports when it is full', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { maxLength: 500 }), (hs) => {
      const set = new KeyHashSet(hs.length);
      const ref = new Set<number>();
      for (const h of hs) {
        assert.ok(set.fits(1));
        // A "seen" answer for a new hash would be a (checked) false hit: impossible for distinct slot fingerprints.
        // A slot holds the low 32 bits, with 0 stored as 1 (0 marks an empty slot), so hashes 0 and 1 share one.
        const fingerprint = (x: number): number => x % 2 ** 32 || 1;
        const distinctLow = ![...ref].some((x) => x !== h && fingerprint(x) === fingerprint(h));
        const added = set.add(h);
        if (ref.has(h)) assert.equal(added, false);
        else if (distinctLow) assert.equal(added, true);
        ref.add(h);
      }
    }),
  );
  const small = new KeyHashSet(10);
  let n = 0;
  while (small.fits(1)) small.add(keyHash(String(n++)));
  assert.throws(() => small.add(keyHash('one more')), /full/);
});

const dim: Dim = {
  id: 1, provider: 'openai', model: 'm', deployment: null, region: null, estModel: 'm', zone: null, hardware: null,
  method: 'modeled:deployment', boundary: 'compute', scope: 'scope3.1', locBasis: 'provider', mktBasis: 'provider', fallback: null,
} as unknown as Dim;

function batchOf(keys: readonly string[], collideWith?: number): RowBatch {
  const b = new RowBatch(1, 1);
  const fp = emptyFootprint();
  fp.dim = dim;
  fp.energyWh = 1;
  keys.forEach((k, i) => {
    const e: UsageEvent = { id: k, timestampMs: 1_750_000_000_000 + i, model: 'm', provider: 'openai', inputTokens: 10, cachedInputTokens: 0, outputTokens: 5, reasoningTokens: 0 };
    b.push(k, e, i + 1, 1, fp);
    if (collideWith !== undefined) b.keyHash[b.n - 1] = collideWith; // force every key onto one hash
  });
  return b;
}

test('DuckDB driver: a hash collision never drops an event; true duplicates are skipped, also after a rebuild', async () => {
  const driver = await DuckDbDriver.open(':memory:');
  const store = new LedgerStore(driver);
  await store.init();
  const H = 123_456_789_012_345;
  assert.equal(await driver.transaction(() => driver.insertRows(batchOf(['a', 'b'], H))), 2); // same hash, both new
  assert.equal(await driver.transaction(() => driver.insertRows(batchOf(['b', 'c', 'a'], H))), 1); // only c is new
  assert.equal(await driver.transaction(() => driver.insertRows(batchOf(['d', 'e']))), 2); // real hashes from here on
  assert.equal(await driver.transaction(() => driver.insertRows(batchOf(['e', 'f']))), 1);
  // Another statement touching tp_rows drops the set; it is rebuilt from tp_rows.key_hash at the next insert.
  await driver.run(`DELETE FROM tp_rows WHERE key = 'd'`);
  assert.equal(await driver.transaction(() => driver.insertRows(batchOf(['d', 'e']))), 1);
  // A batch big enough to outgrow the set: rebuilt larger, nothing lost.
  const many = Array.from({ length: 70_000 }, (_, i) => `k${i}`);
  assert.equal(await driver.transaction(() => driver.insertRows(batchOf(many))), 70_000);
  assert.equal(await driver.transaction(() => driver.insertRows(batchOf([...many.slice(0, 10), 'new']))), 1);
  const keys = await driver.query(`SELECT count(*) AS n, count(DISTINCT key) AS d FROM tp_rows`);
  assert.deepEqual(keys[0], { n: 70_007, d: 70_007 });
  await driver.close();
});

test('RowBatch.appendPacket keeps the first row of each key across and within packets, columns aligned, also on hash collisions', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 12 }), { maxLength: 6 }),
      fc.boolean(),
      (packets, collide) => {
        // Every key on one hash when `collide`: only the exact key comparison tells them apart.
        const batch = collide ? new RowBatch(1, 1, 4, true, () => 42) : new RowBatch(1, 1, 4);
        const want: string[] = [];
        let line = 0;
        for (const keys of packets) {
          const src = new RowBatch(1, 1, 4, false);
          const fp = emptyFootprint();
          fp.dim = dim;
          for (const k of keys) {
            line++;
            fp.energyWh = line;
            const e: UsageEvent = { id: k, timestampMs: line, model: 'm', provider: 'openai', inputTokens: line, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0 };
            // The producer keeps every row; the batch drops a key repeated within or across packets.
            src.push(k, e, line, 1, fp);
            if (!want.includes(k)) want.push(k);
          }
          batch.appendPacket(src.toPacket());
        }
        assert.deepEqual(batch.key.slice(0, batch.n), want);
        for (let i = 0; i < batch.n; i++) {
          // line, input tokens and energy were all set from the same counter: a misaligned copy would show here.
          assert.equal(batch.ints[1][i], batch.ints[4][i]);
          assert.equal(batch.f[0][i], batch.ints[1][i]);
          assert.equal(batch.ints[8][i], 1, 'key_is_id');
        }
      },
    ),
  );
});
