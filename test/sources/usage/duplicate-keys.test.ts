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
  // Every JSON whitespace between a key and its colon still counts as a key end (the fast count must not miss it).
  assert.equal(at('{"k":1,"k"\t:2}'), 'k');
  assert.equal(at('{"k":1,"k"\r\n :2}'), 'k');
  assert.equal(at('{"k":1, "k" :2}'), 'k');
  assert.equal(at('{"a":"x\\":","b":":","c":"\\" :"}'), undefined, 'quote-colon inside values is no key');
  const deep = '{"x":'.repeat(5000) + '1' + '}'.repeat(5000);
  assert.equal(at(deep), undefined, 'deep nesting: scanned in a loop, no stack overflow');
  const deepDup = '{"x":'.repeat(4999) + '{"y":1,"y":2}' + '}'.repeat(4999);
  assert.equal(at(deepDup), 'x.'.repeat(4999) + 'y');
});

/** A whole (pretty-printed) JSON document: a record with a key given twice is refused with the key and its line. */
test('whole JSON documents: the record with a duplicate key is refused (key and line named), the others are read', async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { readUsage } = await import('../../../src/sources/usage/reader.js');
  const dir = mkdtempSync(join(tmpdir(), 'tp-dupdoc-'));
  try {
    const ev = (id: string) => ({ id, timestamp: '2025-06-02T10:00:00Z', provider: 'openai', model: 'gpt-4o', input_tokens: 100, output_tokens: 20, tags: { team: 'a' } });
    const read = async (name: string, text: string) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      const ok: string[] = [];
      const rejects: { line: number; reason: string }[] = [];
      for await (const b of readUsage(p)) for (const r of b.records) (r.ok ? ok.push(r.event.id ?? '') : rejects.push({ line: r.line, reason: r.reason }));
      return { ok, rejects };
    };
    // An array of events, pretty-printed; the second writes "model" twice (line 13), the third its tags' "team" twice.
    const pretty = JSON.stringify([ev('a'), ev('b'), ev('c')], null, 2).split('\n');
    const modelLine = pretty.findIndex((l, i) => i > 10 && l.includes('"model"'));
    pretty.splice(modelLine + 1, 0, '    "model": "gpt-4o-mini",');
    const teamLine = pretty.findLastIndex((l) => l.includes('"team"'));
    pretty[teamLine] = pretty[teamLine].replace('"team": "a"', '"team": "a", "team": "b"');
    const arr = await read('events.json', pretty.join('\n') + '\n');
    assert.deepEqual(arr.ok, ['a']);
    assert.equal(arr.rejects.length, 2);
    assert.equal(arr.rejects[0].line, modelLine + 2, 'the line the key is given again on');
    assert.match(arr.rejects[0].reason, /^model: duplicate JSON key/);
    assert.equal(arr.rejects[1].line, teamLine + 1);
    assert.match(arr.rejects[1].reason, /^tags\.team: duplicate JSON key/);

    // An export's {"data": [...]} page (Langfuse observations): the path is the record's own (no "data").
    const { readFileSync } = await import('node:fs');
    const fixture = readFileSync('test/fixtures/usage/langfuse-observations.json', 'utf8');
    const clean = await read('langfuse-clean.json', fixture);
    const page = await read('langfuse.json', fixture.replace('"model": "claude-sonnet-4-5",', '"model": "claude-sonnet-4-5",\n      "model": "gpt-4o",'));
    assert.ok(clean.ok.includes('obs-3'));
    assert.deepEqual(page.ok, clean.ok.filter((id) => id !== 'obs-3'));
    assert.equal(page.rejects.length, clean.rejects.length + 1);
    const dupLine = fixture.split('\n').findIndex((l) => l.includes('claude-sonnet-4-5')) + 2;
    assert.ok(page.rejects.some((r) => r.line === dupLine && /^model: duplicate JSON key/.test(r.reason)), JSON.stringify(page.rejects));

    // A key given twice outside any record: the document is refused whole, one reject, with the key's line.
    const top = `{\n  "object": "list",\n  "object": "page",\n  "data": ${JSON.stringify([ev('x')])}\n}\n`;
    const whole = await read('top.json', top);
    assert.deepEqual(whole.ok, []);
    assert.equal(whole.rejects.length, 1);
    assert.equal(whole.rejects[0].line, 3);
    assert.match(whole.rejects[0].reason, /^object: duplicate JSON key/);

    // No duplicate: nothing refused (the fast path's count).
    assert.deepEqual((await read('clean.json', JSON.stringify([ev('a'), ev('b')], null, 2))).rejects, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
