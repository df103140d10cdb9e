// Run by rapl.test.ts as an unprivileged user: probes the RAPL sources of the tree given in argv[2].
import { RaplSource } from '../../../src/sources/power/rapl.js';

const root = process.argv[2];
const pkg = await new RaplSource({ domain: 'package', root }).probe();
const dram = await new RaplSource({ domain: 'dram', root }).probe();
process.stdout.write(JSON.stringify({ package: pkg, dram }));
