/** `tokenprint keys create|list|revoke`: a key is printed once, listed without its secret, and revoked by id. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { KeyFile } from '../../src/server/key-file.js';
import { KeyVerifier } from '../../src/server/keys.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-keys-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('keys create → list → revoke; bad tenant and role are usage errors', async () => {
  const c = await runCli(['keys', 'create', '--tenant', 'acme', '--role', 'read', '--note', 'dashboard', '--db', dir, '--json']);
  assert.equal(c.code, 0, c.stderr);
  const { id, key } = JSON.parse(c.stdout) as { id: string; key: string };
  const file = join(dir, 'keys.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.ok(!readFileSync(file, 'utf8').includes(key.split('_').slice(2).join('_')), 'the secret is not stored');
  const v = new KeyVerifier(new KeyFile(file));
  assert.deepEqual(await v.verify(key), { ok: true, tenant: 'acme', role: 'read', keyId: id });
  const l = await runCli(['keys', 'list', '--db', dir, '--json']);
  const listed = JSON.parse(l.stdout) as Record<string, unknown>[];
  assert.deepEqual(listed.map((k) => [k.id, k.tenant, k.role, k.note, k.revokedAt]), [[id, 'acme', 'read', 'dashboard', null]]);
  assert.ok(!l.stdout.includes('hash') && !l.stdout.includes('salt'));
  assert.equal((await runCli(['keys', 'revoke', id, '--db', dir])).code, 0);
  assert.deepEqual(await v.verify(key), { ok: false, reason: 'revoked' });
  assert.equal((await runCli(['keys', 'revoke', 'nope', '--db', dir])).code, 2);
  const bad = await runCli(['keys', 'create', '--tenant', '../etc', '--role', 'read', '--db', dir]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--tenant: '\.\.\/etc' is not a tenant name/);
  assert.equal((await runCli(['keys', 'create', '--tenant', 'acme', '--role', 'owner', '--db', dir])).code, 2);
});
