#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts -> dist/cli/assent.js) on top of the ESM build's `document` entry
// and the receiver build's `serve` entry rather than second copies of the parser (markdown-it,
// DOMPurify) and the receiver: the published package stays small (and, as in the receiver build,
// without whitespace and comments). jsdom, better-sqlite3 and pg stay external (optional peers,
// loaded only when a command needs them).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { build } from 'esbuild';

if (!existsSync('dist/esm/document.js')) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
if (!existsSync('dist/receiver/serve.js'))
  execFileSync('npm', ['run', 'build:receiver'], { stdio: 'inherit' });

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/assent.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Whitespace and comments only: names stay, so stack traces still say where.
  minifyWhitespace: true,
  external: ['jsdom', 'better-sqlite3', 'pg'],
  logLevel: 'warning',
  plugins: [
    {
      name: 'built-entries',
      setup(builder) {
        builder.onResolve({ filter: /\/document\/index\.js$/ }, () => ({
          path: '../esm/document.js',
          external: true,
        }));
        builder.onResolve({ filter: /\/receiver\/serve\.js$/ }, () => ({
          path: '../receiver/serve.js',
          external: true,
        }));
      },
    },
  ],
});
