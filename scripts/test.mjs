#!/usr/bin/env node
// `npm test`: every check and test suite, in every installed browser engine, ending with one plain
// `N passed, N failed[, N skipped]` line that counts them all. Steps: build, type check, lint, format,
// custom-elements.json current, Node tests, browser tests (Chromium required; Firefox ESR and WebKitGTK
// when installed, reported loudly when not), the example apps (install + build), end-to-end tests,
// Storybook build + smoke test.
// `--only=step,step` runs a subset (build always runs when a later step needs dist/).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';

const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice(7)
  .split(',');
const wanted = (step) => !only || only.includes(step);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIREFOX = '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
const XVFB = '/usr/bin/Xvfb';
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Files under `dir` whose name ends with `suffix` (Node 20 has no fs.globSync). */
function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((file) => file.endsWith(suffix) && !file.includes('node_modules'))
    .sort();
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
const warnings = [];

function run(command, args, { env = {}, quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function record(name, counts) {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped ?? 0;
  summary.push(
    `${name.padEnd(28)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped ?? 0} skipped`,
  );
}

/** A step that is one check: passes when the command exits 0. */
async function check(name, command, args, options) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const { code, output } = await run(command, args, options);
  if (code !== 0 && options?.quiet) console.log(output);
  record(name, { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 });
  return code === 0;
}

/** node:test run; counts come from its TAP summary written beside the human-readable output. */
async function nodeTests(name, files, extraArgs = []) {
  if (!files.length) {
    warnings.push(`${name}: no test files found`);
    return;
  }
  mkdirSync('.test-results', { recursive: true });
  const tap = `.test-results/${name.replace(/\W+/g, '-')}.tap`;
  console.log(`\n▶ ${name}: ${files.length} file(s)`);
  const { code } = await run('node', [
    '--import',
    'tsx',
    '--test',
    ...extraArgs,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (label) => Number(text.match(new RegExp(`^# ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  const counts = {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    skipped: count('skipped') + count('todo'),
  };
  if (code !== 0 && counts.failed === 0) counts.failed = 1; // a crash before any test reported
  record(name, counts);
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function browserTests(engine) {
  const file = `.test-results/wtr-${engine}.json`;
  rmSync(file, { force: true });
  console.log(`\n▶ browser tests (${engine})`);
  const env = { ENGINE: engine };
  const helpers = [];
  if (engine === 'webkit') {
    const display = `:${90 + Math.floor(Math.random() * 100)}`;
    const port = await freePort();
    helpers.push(
      spawn(XVFB, [display, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: 'ignore' }),
    );
    await new Promise((r) => setTimeout(r, 800));
    helpers.push(
      spawn(WEBKIT_DRIVER, ['--host=127.0.0.1', `--port=${port}`], {
        stdio: 'ignore',
        env: { ...process.env, DISPLAY: display },
      }),
    );
    await new Promise((r) => setTimeout(r, 800));
    Object.assign(env, { DISPLAY: display, WEBKIT_DRIVER_PORT: String(port) });
  }
  try {
    const { code } = await run('npx', ['wtr', '--config', 'web-test-runner.config.mjs'], { env });
    const counts = existsSync(file)
      ? JSON.parse(readFileSync(file, 'utf8'))
      : { passed: 0, failed: 1, skipped: 0 };
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    record(`browser (${engine})`, counts);
  } finally {
    for (const child of helpers) child.kill('SIGTERM');
  }
}

const started = Date.now();
const needsBuild = ['build', 'node', 'e2e', 'examples', 'storybook'].some(wanted);

if (needsBuild && !(await check('build', 'npm', ['run', 'build', '--silent'], { quiet: true }))) {
  console.log('Build failed: later steps that need dist/ may fail too.');
}
if (wanted('typecheck')) await check('type check', 'npx', ['tsc', '-p', 'tsconfig.json'], { quiet: true });
if (wanted('lint')) {
  await check('eslint', 'npx', ['eslint', '.'], { quiet: true });
  await check('prettier', 'npx', ['prettier', '--check', '.'], { quiet: true });
  await check('import rules', 'npx', ['depcruise', 'src', '--config', '.dependency-cruiser.cjs'], {
    quiet: true,
  });
}
if (wanted('manifest')) {
  await check('custom-elements.json current', 'node', ['scripts/check-manifest.mjs'], { quiet: true });
}
if (wanted('node')) await nodeTests('node tests', findFiles('test', '.node.test.ts'));

if (wanted('browser')) {
  if (!existsSync(CHROMIUM)) {
    console.error(
      `\n✖ Chromium is required for the browser tests and was not found at ${CHROMIUM}.\n` +
        '  Install it with: sudo apt-get update && sudo apt-get install -y chromium\n' +
        '  (or set CHROMIUM_PATH to a Chromium binary).',
    );
    record('browser (chromium)', { passed: 0, failed: 1 });
  } else {
    await browserTests('chromium');
  }
  if (existsSync(FIREFOX)) await browserTests('firefox');
  else
    warnings.push(
      `Firefox ESR NOT INSTALLED: browser tests in Firefox were SKIPPED (apt-get install firefox-esr)`,
    );
  if ([WEBKIT_DRIVER, XVFB, MINIBROWSER].every(existsSync)) await browserTests('webkit');
  else
    warnings.push(
      'WebKitGTK NOT INSTALLED: browser tests in WebKit were SKIPPED (apt-get install webkit2gtk-driver xvfb xauth)',
    );
}

// The example apps' installs and builds, one step, before the e2e tests that walk them.
if (wanted('e2e') || wanted('examples'))
  await check('example apps', 'node', ['scripts/examples.mjs'], { quiet: true });
if (wanted('e2e'))
  await nodeTests('e2e tests', findFiles('test/e2e', '.e2e.test.ts'), ['--test-concurrency=1']);

if (wanted('storybook')) {
  if (await check('storybook build', 'npm', ['run', 'build-storybook', '--silent'], { quiet: true })) {
    await nodeTests('storybook smoke', ['scripts/storybook-smoke.node.test.ts']);
  }
}

console.log('\n──────── summary ────────');
for (const line of summary) console.log(line);
for (const warning of warnings) console.log(`⚠ ${warning}`);
console.log(`(${Math.round((Date.now() - started) / 1000)} s)`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
