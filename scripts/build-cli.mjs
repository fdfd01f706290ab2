#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts -> dist/cli/assent.js) on top of the ESM build's `document` entry
// rather than a second copy of the parser, markdown-it and DOMPurify: the published package stays
// small. jsdom stays external (an optional peer, loaded only for HTML and Markdown).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { build } from 'esbuild';

if (!existsSync('dist/esm/document.js')) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/assent.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['jsdom', 'better-sqlite3', 'pg'],
  logLevel: 'warning',
  plugins: [
    {
      name: 'esm-document',
      setup(builder) {
        builder.onResolve({ filter: /\/document\/index\.js$/ }, () => ({
          path: '../esm/document.js',
          external: true,
        }));
      },
    },
  ],
});
