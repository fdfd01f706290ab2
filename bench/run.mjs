#!/usr/bin/env node
// `npm run bench`: makes sure the build and Debian's Chromium are there, then runs bench/main.ts.
// --build rebuilds first; other options pass through: --runs N, --only bytes,banner,dialog,reading,external, --no-write.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The run's ten-minute budget counts from here (bench/main.ts reads it).
process.env.BENCH_STARTED_AT ??= String(Date.now());
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(
      `bench: \`${[command, ...args].join(' ')}\` failed (exit ${result.status ?? result.signal})`,
    );
    process.exit(result.status ?? 1);
  }
}

const bundles = ['dist/assent.iife.js', 'dist/assent-banner.iife.js'].map((file) => join(root, file));
if (!bundles.every((file) => existsSync(file))) {
  console.log('bench: dist/ is missing, running `npm run build` first');
  run('npm', ['run', 'build']);
} else if (process.argv.includes('--build')) {
  run('npm', ['run', 'build']);
} else if (newestIn(join(root, 'src')) > Math.min(...bundles.map((file) => statSync(file).mtimeMs))) {
  // dist/ is shared with whoever else works in this checkout: rebuild only when asked.
  console.warn('bench: src/ is newer than dist/; pass --build to measure the current source');
}

if (!existsSync(chromium)) {
  console.log(`bench: ${chromium} is missing, installing Debian's chromium with apt-get`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => run(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], { env });
  apt('update', '-q');
  apt('install', '-y', '-q', '--no-install-recommends', 'chromium');
}

const args = process.argv.slice(2).filter((arg) => arg !== '--build');
run(process.execPath, ['--import', 'tsx', join(root, 'bench/main.ts'), ...args]);
