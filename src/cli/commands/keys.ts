import type { Command } from 'commander';
import { ROLES, checkTenant, newKey, type Role } from '../../server/keys.js';
import { openKeyStore } from '../../server/server.js';
import { storageFrom } from '../../server/tenants.js';
import { InvalidInputError } from '../../core/errors.js';
import { parseChoice } from '../parse.js';
import { bold, dim, table } from '../format.js';

export const DEFAULT_SERVE_DB = './tokenprint-data';

export function serverDbOption(cmd: Command): Command {
  return cmd.option('--db <dir|url>', `where the tenants' ledgers and keys live: a folder (a DuckDB file per tenant) or a postgres:// URL (a schema per tenant)`, DEFAULT_SERVE_DB);
}

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('API keys of `tokenprint serve`: one tenant and one role each (admin|ingest|read), stored hashed (scrypt)');
  serverDbOption(
    keys
      .command('create')
      .description('create a key and print it once (it cannot be shown again)')
      .requiredOption('--tenant <name>', 'tenant the key belongs to (1–40 of a-z 0-9 - _); its data is seen only with its keys')
      .requiredOption('--role <r>', `${ROLES.join('|')}: ingest posts events only, read reads reports and estimates, admin both`)
      .option('--note <text>', 'what the key is for (shown by `keys list`)')
      .option('--json', 'print {id, key, tenant, role} as JSON'),
  ).action(async (f: { tenant: string; role: string; note?: string; json?: boolean; db: string }) => {
    const role = parseChoice<Role>(f.role, '--role', ROLES);
    const { record, key } = await newKey(checkTenant(f.tenant), role, f.note ?? null);
    const store = await openKeyStore(storageFrom(f.db));
    try {
      await store.add(record);
    } finally {
      await store.close();
    }
    if (f.json) process.stdout.write(JSON.stringify({ id: record.id, key, tenant: record.tenant, role: record.role }) + '\n');
    else process.stdout.write(`${key}\n${dim(`key ${record.id} · tenant ${record.tenant} · role ${record.role} — shown once: store it now (only its hash is kept)`)}\n`);
  });
  serverDbOption(keys.command('list').description('keys with tenant, role, creation and revocation (never the secrets)').option('--json', 'print as JSON')).action(
    async (f: { json?: boolean; db: string }) => {
      const store = await openKeyStore(storageFrom(f.db));
      try {
        const all = (await store.list()).map(({ salt: _s, hash: _h, ...k }) => k);
        if (f.json) process.stdout.write(JSON.stringify(all, null, 2) + '\n');
        else {
          process.stdout.write(bold(`${all.length} key${all.length === 1 ? '' : 's'}`) + '\n');
          if (all.length) process.stdout.write(table(all.map((k) => [k.id, k.tenant, k.role, k.createdAt, k.revokedAt ?? '', k.note ?? '']), ['id', 'tenant', 'role', 'created', 'revoked', 'note']) + '\n');
        }
      } finally {
        await store.close();
      }
    },
  );
  serverDbOption(keys.command('revoke').description('revoke a key by id: its next request gets 401').argument('<id>', 'key id (from `keys list`)')).action(
    async (id: string, f: { db: string }) => {
      const store = await openKeyStore(storageFrom(f.db));
      try {
        if (!(await store.revoke(id, new Date().toISOString()))) throw new InvalidInputError('<id>', `no key '${id}' (see \`tokenprint keys list --db ${f.db}\`)`);
      } finally {
        await store.close();
      }
      process.stdout.write(`revoked ${id}\n`);
    },
  );
}
