#!/usr/bin/env node
// Fails when custom-elements.json is not what the analyzer makes from the current source.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const committed = readFileSync('custom-elements.json', 'utf8');
// The analyzer resolves --outdir against the working directory.
const dir = '.test-results/cem';
try {
  execFileSync(
    'npx',
    [
      'cem',
      'analyze',
      '--litelement',
      '--globs',
      'src/elements/**/*.ts',
      '--exclude',
      'src/**/*.styles.ts',
      '--exclude',
      'src/**/*.define.ts',
      '--outdir',
      dir,
    ],
    { stdio: 'pipe' },
  );
  const fresh = readFileSync(join(dir, 'custom-elements.json'), 'utf8');
  // The analyzer lists modules in the order its file walk finds them, which varies between runs.
  const normalized = (text) => {
    const manifest = JSON.parse(text);
    manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
    return JSON.stringify(manifest);
  };
  if (normalized(fresh) !== normalized(committed)) {
    console.error('custom-elements.json is out of date: run `npm run analyze` and commit it.');
    process.exit(1);
  }
  console.log('custom-elements.json is current');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
