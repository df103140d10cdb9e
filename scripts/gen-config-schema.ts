// Writes schemas/tokenprint.schema.json from the zod config schema (src/ledger/config.ts). Rerun after changing it:
//   npx tsx scripts/gen-config-schema.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { configSchemaText } from '../src/ledger/config.js';

mkdirSync('schemas', { recursive: true });
writeFileSync('schemas/tokenprint.schema.json', configSchemaText());
process.stdout.write('wrote schemas/tokenprint.schema.json\n');
