#!/usr/bin/env node
// The `assent` binary: runs the bundled CLI (src/cli/main.ts -> dist/cli/assent.js).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/assent.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'assent: the CLI is not built yet. Run `npm run build:cli` (or `npm run build`) first.\n',
  );
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
