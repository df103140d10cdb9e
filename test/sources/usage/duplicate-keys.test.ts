/**
 * The duplicate-key check agrees with an exact oracle on random JSON: objects JSON.stringify writes (never a
 * duplicate, whatever the spacing and escapes) pass; the same text with one of its keys written again is caught.
 */
import '../../helpers/property-seed.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { duplicateJsonKey } from '../../../src/sources/usage/duplicate-keys.js';

const obj = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { minKeys: 1, maxKeys: 6 });

test('serialized objects have no duplicate; one key written again is found with its path', () => {
  fc.assert(
    fc.property(obj, fc.constantFrom(undefined, 1, '\t'), fc.nat(), (o, space, pick) => {
      const text = JSON.stringify(o, null, space);
      assert.equal(duplicateJsonKey(text, JSON.parse(text)), undefined);
      const keys = Object.keys(o);
      const k = keys[pick % keys.length];
      // Written again at the end with a space before the colon: the count fast path must not hide it.
      const dup = `${text.slice(0, text.lastIndexOf('}'))},${JSON.stringify(k)} : 0}`;
      assert.equal(duplicateJsonKey(dup, JSON.parse(dup)), k);
    }),
  );
});

test('nested paths, escapes that spell the same key, strings that look like keys', () => {
  const at = (t: string) => duplicateJsonKey(t, JSON.parse(t));
  assert.equal(at('{"tags":{"team":"a","team":"b"}}'), 'tags.team');
  assert.equal(at('{"a":[{"k":1,"k":2}]}'), 'a.k');
  assert.equal(at('{"\\u0061":1,"a":2}'), 'a');
  assert.equal(at('{"a":[{"k":1},{"k":2}]}'), undefined, 'the same key in two objects is no duplicate');
  assert.equal(at('{"s":"{\\"a\\":1,\\"a\\":2}"}'), undefined, 'JSON text inside a string is a value');
  const deep = '{"x":'.repeat(5000) + '1' + '}'.repeat(5000);
  assert.equal(at(deep), undefined, 'deep nesting: scanned in a loop, no stack overflow');
  const deepDup = '{"x":'.repeat(4999) + '{"y":1,"y":2}' + '}'.repeat(4999);
  assert.equal(at(deepDup), 'x.'.repeat(4999) + 'y');
});
