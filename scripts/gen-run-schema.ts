// Writes schemas/run.schema.json from the zod run-file schema (src/disclose/run-file.ts). Rerun after changing it:
//   npx tsx scripts/gen-run-schema.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { runSchemaText } from '../src/disclose/run-file.js';

mkdirSync('schemas', { recursive: true });
writeFileSync('schemas/run.schema.json', runSchemaText());
process.stdout.write('wrote schemas/run.schema.json\n');
