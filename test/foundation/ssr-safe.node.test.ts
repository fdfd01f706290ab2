// Importing any entry point in Node (no window, no document) must not throw: imports are SSR-safe.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '../..');
const elements = readdirSync(join(root, 'src/elements')).map((tag) => `src/elements/${tag}/${tag}.define.ts`);
const entries = [
  'src/index.ts',
  'src/document/index.ts',
  'src/verify/index.ts',
  'src/consent/index.ts',
  'src/cookies/index.ts',
  ...elements,
].filter((file) => existsSync(join(root, file)));

for (const entry of entries) {
  test(`${entry} imports without a DOM`, async () => {
    assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
    await import(pathToFileURL(join(root, entry)).href);
  });
}
