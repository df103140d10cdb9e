/** Writes docs/cli.md from the CLI's own command definitions. */
import { writeFileSync } from 'node:fs';
import { cliReference } from '../src/cli/reference.js';

writeFileSync('docs/cli.md', cliReference());
console.log('wrote docs/cli.md');
