/**
 * API keys: `tpk_<id>_<secret>`. The secret is shown once, at creation; only its scrypt hash (node:crypto, with a
 * per-key salt) is stored, beside the key's tenant and role. A key is revoked by id. Verifying a key costs one
 * scrypt (≈ 50 ms by design), so a verified key's SHA-256 is remembered in memory for later requests; a revoked key
 * is refused on its next request, because the record is read again whenever the key store changes.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { InvalidInputError } from '../core/errors.js';

export const ROLES = ['admin', 'ingest', 'read'] as const;
export type Role = (typeof ROLES)[number];

/** A tenant name is also a file name and a schema name: lower-case letters, digits, '-' and '_', ≤ 40 characters. */
export const TENANT_RE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export function checkTenant(t: string, field = '--tenant'): string {
  if (!TENANT_RE.test(t)) throw new InvalidInputError(field, `'${t}' is not a tenant name: use 1–40 lower-case letters, digits, '-' or '_', starting with a letter or digit`);
  return t;
}

export interface KeyRecord {
  readonly id: string;
  readonly tenant: string;
  readonly role: Role;
  readonly salt: string;
  readonly hash: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly note: string | null;
}

/** Where key records live: a JSON file beside the DuckDB ledgers (key-file.ts) or a PostgreSQL table (key-pg.ts). */
export interface KeyStore {
  list(): Promise<KeyRecord[]>;
  get(id: string): Promise<KeyRecord | undefined>;
  add(k: KeyRecord): Promise<void>;
  /** Marks a key revoked; false when there is no such key. */
  revoke(id: string, at: string): Promise<boolean>;
  close(): Promise<void>;
}

/** scrypt cost: N = 2^15, r = 8, p = 1 (OWASP password storage cheat sheet, 2023: N=2^17 or lower N with more p). */
const SCRYPT: ScryptOptions = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_RE = /^tpk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

function scrypt(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((res, rej) => scryptCb(secret, salt, 32, SCRYPT, (e, k) => (e ? rej(e) : res(k))));
}

/** Creates a key: returns the record to store and the key itself (to show once). */
export async function newKey(tenant: string, role: Role, note: string | null, now = new Date()): Promise<{ record: KeyRecord; key: string }> {
  checkTenant(tenant);
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt);
  return {
    key: `tpk_${id}_${secret}`,
    record: { id, tenant, role, salt: salt.toString('base64'), hash: hash.toString('base64'), createdAt: now.toISOString(), revokedAt: null, note },
  };
}

export type Verdict = { ok: true; tenant: string; role: Role; keyId: string } | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'mismatch' };

/** Checks presented keys against a store; remembers verified ones (by SHA-256) so scrypt runs once per key. */
export class KeyVerifier {
  private readonly verified = new Map<string, string>(); // key id → sha256 of the whole key

  constructor(private readonly store: KeyStore) {}

  async verify(presented: string): Promise<Verdict> {
    const m = KEY_RE.exec(presented);
    if (!m) return { ok: false, reason: 'malformed' };
    const rec = await this.store.get(m[1]);
    if (!rec) return { ok: false, reason: 'unknown' };
    if (rec.revokedAt !== null) return { ok: false, reason: 'revoked' };
    const digest = createHash('sha256').update(presented).digest('hex');
    if (this.verified.get(rec.id) !== digest) {
      const got = await scrypt(m[2], Buffer.from(rec.salt, 'base64'));
      const want = Buffer.from(rec.hash, 'base64');
      if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, reason: 'mismatch' };
      this.verified.set(rec.id, digest);
    }
    return { ok: true, tenant: rec.tenant, role: rec.role, keyId: rec.id };
  }
}

/** What each role may do: admin everything; ingest posts events only (a gateway); read reads and estimates. */
export function allows(role: Role, need: 'read' | 'ingest'): boolean {
  return role === 'admin' || role === need;
}
