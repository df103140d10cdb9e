/**
 * Keys in a JSON file (`<data>/keys.json`, mode 0600) for the DuckDB layout. Written whole to a temporary file and
 * renamed (atomic on POSIX), so the CLI can add or revoke keys while a server runs: the server re-reads the file
 * when its modification time or size changes.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { TokenprintError } from '../core/errors.js';
import { ROLES, type KeyRecord, type KeyStore } from './keys.js';

const FileSchema = z.object({
  keys: z.array(
    z.object({
      id: z.string(),
      tenant: z.string(),
      role: z.enum(ROLES),
      salt: z.string(),
      hash: z.string(),
      createdAt: z.string(),
      revokedAt: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
});

export class KeyFile implements KeyStore {
  private cache: { stamp: string; keys: KeyRecord[] } | undefined;

  constructor(readonly path: string) {}

  private stamp(): string {
    if (!existsSync(this.path)) return 'absent';
    const st = statSync(this.path);
    return `${st.mtimeMs}:${st.size}:${st.ino}`;
  }

  private load(): KeyRecord[] {
    const stamp = this.stamp();
    if (this.cache?.stamp === stamp) return this.cache.keys;
    let keys: KeyRecord[] = [];
    if (stamp !== 'absent') {
      const parsed = FileSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      if (!parsed.success) throw new TokenprintError('IO_ERROR', `${this.path} is not a tokenprint key file: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
      keys = parsed.data.keys;
    }
    this.cache = { stamp, keys };
    return keys;
  }

  private async save(keys: KeyRecord[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ keys }, null, 2) + '\n', { mode: 0o600 });
    await rename(tmp, this.path);
    this.cache = undefined;
  }

  async list(): Promise<KeyRecord[]> {
    return [...this.load()];
  }

  async get(id: string): Promise<KeyRecord | undefined> {
    return this.load().find((k) => k.id === id);
  }

  async add(k: KeyRecord): Promise<void> {
    await this.save([...this.load(), k]);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const keys = this.load();
    const i = keys.findIndex((k) => k.id === id);
    if (i < 0) return false;
    const next = [...keys];
    next[i] = { ...keys[i], revokedAt: keys[i].revokedAt ?? at };
    await this.save(next);
    return true;
  }

  async close(): Promise<void> {}
}
