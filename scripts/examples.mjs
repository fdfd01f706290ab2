#!/usr/bin/env node
// `npm run examples`: installs each example app under examples/ from its own lockfile (`npm ci
// --prefer-offline`: the npm cache answers after the first run) and builds it with its own toolchain,
// for test/e2e/examples.e2e.test.ts. Each links the library from this checkout (`file:../..`), so
// `npm run build` comes first. Prints the time each step took.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = 'examples';
const names = readdirSync(root).filter((name) => existsSync(join(root, name, 'package.json')));
let failed = false;
for (const name of names) {
  for (const args of [
    ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
    ['run', 'build', '--silent'],
  ]) {
    const started = performance.now();
    const result = spawnSync('npm', args, { cwd: join(root, name), stdio: 'inherit' });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`examples/${name}: npm ${args[0] === 'ci' ? 'ci' : 'run build'} ${seconds} s`);
    if (result.status !== 0) {
      console.error(`examples/${name}: npm ${args.join(' ')} failed`);
      failed = true;
      break;
    }
  }
}
process.exit(failed ? 1 : 0);
