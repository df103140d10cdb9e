import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { UnknownIdError } from '../../src/core/errors.js';
import { isOrdered } from '../../src/core/range.js';
import { getZone, listZones, resolveRegion } from '../../src/catalog/grid.js';
import { getOperator, listOperators, REGION_EFFICIENCY } from '../../src/catalog/operators.js';
import { CLOUD_REGIONS, PROVIDERS, listRegions } from '../../src/catalog/regions.js';
import { OFFSITE_WATER, WORLD_OFFSITE_WATER, offsiteWaterFor } from '../../src/catalog/water.js';

function unknownId(fn: () => unknown): UnknownIdError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof UnknownIdError, `expected UnknownIdError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected UnknownIdError, nothing was thrown');
}

describe('grid zones', () => {
  it('ships the whole Electricity Maps zone set (co2.js carries ~350 zones)', () => {
    assert.ok(listZones().length > 100, `only ${listZones().length} zones`);
    const ids = listZones().map((z) => z.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate zone ids');
  });

  it('labels every zone with factor type, year, source and licence, all on one basis', () => {
    for (const z of listZones()) {
      assert.equal(z.factorType, 'lifecycle', z.id);
      assert.ok(Number.isInteger(z.year) && z.year >= 2021 && z.year <= 2030, `${z.id} year ${z.year}`);
      assert.match(z.source, /^Electricity Maps yearly data \d{4}, via @tgwf\/co2 v\d+\.\d+\.\d+$/, z.id);
      assert.ok(z.source.includes(String(z.year)), `${z.id}: source year differs from year`);
      assert.match(z.licence, /ODbL/, z.id);
      assert.ok(z.name.length > 0, z.id);
      // Below 0 is impossible; the dirtiest grids on Earth are ~900-1,000 g/kWh lifecycle.
      assert.ok(z.intensityGPerKWh >= 0 && z.intensityGPerKWh < 1200, `${z.id} ${z.intensityGPerKWh}`);
    }
  });

  it('orders grids as known: nuclear/hydro France far below coal-heavy Poland', () => {
    const fr = getZone('FR').intensityGPerKWh;
    const pl = getZone('PL').intensityGPerKWh;
    assert.ok(fr * 5 < pl, `FR ${fr} vs PL ${pl}`);
  });

  it('agrees with the 2025 values the research note read from the co2.js repository (§3.2)', () => {
    const expected: Record<string, number> = {
      FR: 31,
      SE: 21,
      'US-MIDA-PJM': 418,
      'US-NW-BPAT': 129,
      'US-CAL-CISO': 208,
      'US-TEX-ERCO': 363,
      NL: 253,
      SG: 483,
      'JP-TK': 535,
    };
    for (const [id, g] of Object.entries(expected)) {
      const z = getZone(id);
      if (z.year === 2025) assert.equal(z.intensityGPerKWh, g, id);
    }
  });

  it('finds zones case-insensitively and suggests near ids for a typo', () => {
    assert.equal(getZone('us-mida-pjm').id, 'US-MIDA-PJM');
    assert.equal(getZone(' fr ').id, 'FR');
    const e = unknownId(() => getZone('US-MIDA-PJN'));
    assert.equal(e.code, 'UNKNOWN_ID');
    assert.ok(e.suggestions.includes('US-MIDA-PJM'), e.message);
  });
});

describe('cloud regions', () => {
  it('covers the main regions of each provider', () => {
    for (const p of PROVIDERS) assert.ok(listRegions(p).length >= 12, `${p}: ${listRegions(p).length}`);
  });

  it('maps every region to a zone that exists, with a source and a location', () => {
    const ids = new Set(listZones().map((z) => z.id));
    for (const r of CLOUD_REGIONS) {
      assert.ok(ids.has(r.zone), `${r.id} → ${r.zone} is not a zone`);
      assert.ok(r.id.startsWith(`${r.provider}:`), r.id);
      assert.equal(r.id, r.id.toLowerCase(), r.id);
      assert.ok(r.source.length > 0 && r.location.length > 0, r.id);
    }
    assert.equal(new Set(CLOUD_REGIONS.map((r) => r.id)).size, CLOUD_REGIONS.length, 'duplicate region ids');
  });

  it('resolves aws:us-east-1 to PJM with its own published 2024 PUE/WUE', () => {
    const loc = resolveRegion('aws:us-east-1');
    assert.equal(loc.zone.id, 'US-MIDA-PJM');
    assert.equal(loc.region?.location, 'US East (N. Virginia)');
    assert.equal(loc.operator?.pue.value, 1.15);
    assert.equal(loc.operator?.wueOnsiteLPerKWh.value, 0.12);
  });

  it('resolves the documented examples of each provider', () => {
    assert.equal(resolveRegion('aws:us-west-2').zone.id, 'US-NW-BPAT');
    assert.equal(resolveRegion('gcp:europe-west4').zone.id, 'NL');
    assert.equal(resolveRegion('AZURE:WestEurope').zone.id, 'NL');
    // No per-region figures for eu-west-3: the AWS fleet figures stand in.
    assert.equal(resolveRegion('aws:eu-west-3').operator?.id, 'aws');
  });

  it('resolves a bare zone id without region or operator', () => {
    const loc = resolveRegion('fr');
    assert.equal(loc.zone.id, 'FR');
    assert.equal(loc.region, undefined);
    assert.equal(loc.operator, undefined);
  });

  it('suggests aws:us-east-1 for the unknown aws:us-east-9', () => {
    const e = unknownId(() => resolveRegion('aws:us-east-9'));
    assert.equal(e.suggestions[0], 'aws:us-east-1');
    assert.ok(e.suggestions.every((s) => s.startsWith('aws:')), e.message);
  });

  it('rejects an unknown provider, offering the same region name under known providers', () => {
    const e = unknownId(() => resolveRegion('amazon:us-east-1'));
    assert.match(e.message, /cloud provider 'amazon'/);
    assert.deepEqual(e.suggestions, ['aws:us-east-1']);
    assert.ok(unknownId(() => resolveRegion('asw:nowhere')).suggestions.includes('aws'));
  });

  it('points a bare region name at its prefixed id', () => {
    assert.ok(unknownId(() => resolveRegion('europe-west4')).suggestions.includes('gcp:europe-west4'));
  });
});

describe('operator efficiency', () => {
  it('has Google fleet PUE at the published 1.09-1.10', () => {
    const gcp = getOperator('gcp');
    assert.equal(gcp.pue.value, 1.09);
    assert.ok(gcp.pue.low >= 1.09 && gcp.pue.high <= 1.1);
    assert.deepEqual(gcp.assumedFields, ['wueOnsiteLPerKWh']);
  });

  it('keeps every figure ordered and physical (PUE ≥ 1, WUE ≥ 0)', () => {
    for (const o of [...listOperators(), ...REGION_EFFICIENCY]) {
      assert.ok(isOrdered(o.pue) && isOrdered(o.wueOnsiteLPerKWh), o.id);
      assert.ok(o.pue.low >= 1 && o.pue.high < 2.5, `${o.id} PUE`);
      assert.ok(o.wueOnsiteLPerKWh.low >= 0 && o.wueOnsiteLPerKWh.high < 10, `${o.id} WUE`);
    }
  });

  it('marks the two defaults as assumed; generic PUE is the Uptime 2024 average', () => {
    assert.equal(getOperator('generic-datacenter').assumed, true);
    assert.equal(getOperator('generic-datacenter').pue.value, 1.56);
    assert.equal(getOperator('hyperscale-default').assumed, true);
  });

  it('builds hyperscale-default as the envelope of the four hyperscalers', () => {
    const fleets = ['aws', 'gcp', 'azure', 'meta'].map(getOperator);
    const d = getOperator('hyperscale-default');
    for (const key of ['pue', 'wueOnsiteLPerKWh'] as const) {
      const mean = fleets.reduce((s, o) => s + o[key].value, 0) / fleets.length;
      // Rounded to two decimals in the catalog.
      assert.ok(Math.abs(d[key].value - mean) <= 0.005 + 1e-9, `${key} ${d[key].value} vs mean ${mean}`);
      assert.equal(d[key].low, Math.min(...fleets.map((o) => o[key].low)), key);
      assert.equal(d[key].high, Math.max(...fleets.map((o) => o[key].high)), key);
    }
  });

  it('attaches per-region figures only to regions that exist', () => {
    const ids = new Set(CLOUD_REGIONS.map((r) => r.id));
    for (const o of REGION_EFFICIENCY) assert.ok(ids.has(o.id), o.id);
  });
});

describe('off-site water', () => {
  it('returns a zone its own figure, not assumed', () => {
    const fr = offsiteWaterFor('fr');
    assert.equal(fr.zone, 'FR');
    assert.equal(fr.lPerKWh.value, 3.67);
    assert.equal(fr.assumed, false);
    assert.equal(offsiteWaterFor('US').lPerKWh.value, 3.142);
  });

  it('falls back to the country for a sub-national zone, and says so', () => {
    const pjm = offsiteWaterFor('US-MIDA-PJM');
    assert.equal(pjm.zone, 'US-MIDA-PJM');
    assert.equal(pjm.lPerKWh.value, 3.142);
    assert.equal(pjm.assumed, true);
    assert.match(pjm.note ?? '', /national figure for US/);
  });

  it('falls back to the world default, flagged assumed with a note', () => {
    const sg = offsiteWaterFor('SG');
    assert.equal(sg.zone, 'SG');
    assert.equal(sg.assumed, true);
    assert.deepEqual(sg.lPerKWh, WORLD_OFFSITE_WATER.lPerKWh);
    assert.match(sg.note ?? '', /world default/);
    assert.ok(isOrdered(sg.lPerKWh) && sg.lPerKWh.low < sg.lPerKWh.value && sg.lPerKWh.value < sg.lPerKWh.high);
  });

  it('keys every figure by a zone that exists', () => {
    const ids = new Set(listZones().map((z) => z.id));
    for (const w of OFFSITE_WATER) assert.ok(ids.has(w.zone), w.zone);
  });
});
