/**
 * The `unified-ats` executable: runs the CLI and sets the exit code. Kept apart from `index.ts`
 * so tests can import `main` without running anything, and so it runs however it is invoked
 * (through `node_modules/.bin`, `npx`, or `node dist/cli/bin.js`).
 */
import { ExitCode } from './exit-codes.js';
import { main } from './index.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`unified-ats: ${String(error)}\n`);
    process.exitCode = ExitCode.failed;
  },
);
