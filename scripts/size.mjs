#!/usr/bin/env node
// Prints min, gzip and brotli bytes of every built output (run after `npm run build`).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const files = [];
for (const dir of ['dist', 'dist/esm']) {
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) if (name.endsWith('.js')) files.push(join(dir, name));
}
if (!files.length) {
  console.error('size: nothing in dist/ — run `npm run build` first');
  process.exit(1);
}
export function sizes(bytes) {
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
const kb = (n) => (n / 1024).toFixed(1).padStart(7);
console.log(`${'file'.padEnd(34)}${'min kB'.padStart(8)}${'gzip kB'.padStart(9)}${'br kB'.padStart(8)}`);
for (const file of files.sort()) {
  const s = sizes(readFileSync(file));
  console.log(`${file.padEnd(34)}${kb(s.min)} ${kb(s.gzip)} ${kb(s.brotli)}`);
}
console.log('(ESM files exclude lit, i18next and other dependencies, which the host bundles once)');
