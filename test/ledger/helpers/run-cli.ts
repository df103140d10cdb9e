// Runs the CLI in a child process (the crash-resume test kills it with SIGKILL).
import { main } from '../../../src/cli/main.js';
process.exitCode = await main(process.argv.slice(2));
