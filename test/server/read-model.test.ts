/** The report read model (src/server/read-model.ts): when a kept report is returned, and when it is computed again. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReadModel, maxStaleOf } from '../../src/server/read-model.js';

test('kept while the ledger is unchanged; recomputed after a commit unless max-stale accepts it', async () => {
  let now = 1_000_000;
  const m = new ReadModel(() => now, true);
  let computed = 0;
  const compute = async () => ++computed;
  assert.deepEqual(await m.get('t', 'q', 0, compute), { value: 1, ageS: 0 });
  assert.deepEqual(await m.get('t', 'q', 0, compute), { value: 1, ageS: 0 }, 'unchanged ledger: kept');
  assert.deepEqual(await m.get('u', 'q', 0, compute), { value: 2, ageS: 0 }, 'another tenant: its own entry');
  m.changed('t');
  now += 3000;
  assert.deepEqual(await m.get('t', 'q', 0, compute), { value: 3, ageS: 0 }, 'a commit since: computed again (read-your-writes)');
  m.changed('t');
  now += 2500;
  // 2.5 s old, max-stale=5: the kept report, its age, and a refresh in the background for the next read
  assert.deepEqual(await m.get('t', 'q', 5, compute), { value: 3, ageS: 2 });
  await new Promise((r) => setImmediate(r));
  assert.equal(computed, 4);
  assert.deepEqual(await m.get('t', 'q', 0, compute), { value: 4, ageS: 0 }, 'the refresh saw the last commit');
  m.changed('t');
  now += 10_000;
  assert.deepEqual(await m.get('t', 'q', 5, compute), { value: 5, ageS: 0 }, 'older than max-stale: computed');
  now += 61_000;
  assert.deepEqual(await m.get('t', 'q', 0, compute), { value: 6, ageS: 0 }, 'unchanged but a minute old: computed');
});

test('max-stale=S: no background refresh until the kept report is S/2 old, so a sustained ingest does not recompute per read', async () => {
  let now = 0;
  const m = new ReadModel(() => now, true);
  let computed = 0;
  const compute = async () => ++computed;
  await m.get('t', 'q', 0, compute);
  for (let i = 0; i < 10; i++) {
    m.changed('t'); // a commit between every two reads
    now += 100;
    assert.deepEqual(await m.get('t', 'q', 4, compute), { value: 1, ageS: Math.floor(now / 1000) });
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(computed, 1, '1 s old, max-stale=4: kept, no refresh yet');
  now = 2000;
  m.changed('t');
  assert.deepEqual(await m.get('t', 'q', 4, compute), { value: 1, ageS: 2 }, 'S/2 old: still the kept one');
  await new Promise((r) => setImmediate(r));
  assert.equal(computed, 2, 'and one refresh started');
  assert.deepEqual(await m.get('t', 'q', 4, compute), { value: 2, ageS: 0 });
});

test('unversioned (PostgreSQL, other writers): only max-stale reads are kept', async () => {
  let n = 0;
  const m = new ReadModel(() => 0, false);
  assert.equal((await m.get('t', 'q', 0, async () => ++n)).value, 1);
  assert.equal((await m.get('t', 'q', 0, async () => ++n)).value, 2);
  assert.equal((await m.get('t', 'q', 1, async () => ++n)).value, 2);
});

test('Cache-Control max-stale parsing', () => {
  assert.equal(maxStaleOf(undefined), 0);
  assert.equal(maxStaleOf('no-cache'), 0);
  assert.equal(maxStaleOf('max-stale=5'), 5);
  assert.equal(maxStaleOf('no-transform, max-stale = 12'), 12);
  assert.equal(maxStaleOf('max-stale'), 60);
  assert.equal(maxStaleOf('max-staleness=3'), 0);
});
