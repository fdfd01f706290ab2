/**
 * Assent's benchmark suite (`npm run bench`, through bench/run.mjs). Everything is measured in one run
 * on one machine, so the figures worth reading are the ratios. Nothing here passes or fails.
 *
 *   --runs N         page loads per library / dialog openings per document (default 15)
 *   --only a,b       sections to run: bytes, banner, dialog, reading, external (default all)
 *   --no-write       do not write bench/results.json
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/support/chromium.js';
import { measureBanner, type BannerRow } from './banner.js';
import { measureBytes, type BytesResult } from './bytes.js';
import { gatherExternal, type ExternalResult } from './external.js';
import { bannerTable, bytesTable } from './report.js';
import { buildFromSource } from './source-build.js';

const root = resolve(import.meta.dirname, '..');
const SECTIONS = ['bytes', 'banner', 'dialog', 'reading', 'external'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    only: { type: 'string', default: SECTIONS.join(',') },
    'no-write': { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number.parseInt(values.runs, 10) || 15);
const only = new Set(values.only.split(',').map((name) => name.trim()) as Section[]);

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memoryGB: number;
  os: string;
  node: string;
  chromium?: string;
}

export interface Results {
  machine: Machine;
  runs: number;
  seconds: number;
  bytes?: BytesResult;
  banner?: { script: string; rows: BannerRow[] };
  external?: ExternalResult[];
}

const started = performance.now();
const machine: Machine = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  cores: cpus().length,
  memoryGB: Math.round(totalmem() / 1e9),
  os: `${process.platform} ${release()}`,
  node: process.version,
};
const results: Results = { machine, runs, seconds: 0 };
const out: string[] = [];
function print(text = ''): void {
  console.log(text);
  out.push(text);
}

const buildDir = mkdtempSync(join(tmpdir(), 'assent-bench-'));
let browser: Browser | undefined;
try {
  const source = await buildFromSource(root, buildDir);

  if (only.has('bytes')) {
    results.bytes = await measureBytes(root, source);
    print('### Bytes (1 kB = 1000 B)\n');
    print(bytesTable(results.bytes));
    print();
  }

  if (only.has('banner') || only.has('dialog') || only.has('reading')) {
    browser = await launchChromium();
    machine.chromium = browser.version();
  }

  if (browser && only.has('banner')) {
    // dist/ is what ships; until its banner IIFE defines <privacy-banner>, the esbuild build of src/ stands in.
    const dist = join(root, 'dist/assent-banner.iife.js');
    const distHasBanner = existsSync(dist) && readFileSync(dist, 'utf8').includes('privacy-banner');
    const standIn = distHasBanner ? undefined : source.banner.file;
    const script = distHasBanner
      ? 'dist/assent-banner.iife.js'
      : 'banner path built from src/ with esbuild (dist/assent-banner.iife.js has no <privacy-banner>)';
    const rows = await measureBanner(browser, root, runs, undefined, (line) => console.error(line), standIn);
    results.banner = { script, rows };
    print(`### Banner: navigation → banner painted (median of ${runs}, Chromium headless, interleaved)\n`);
    print(bannerTable(rows));
    print(`\nAssent loaded from: ${script}.`);
    print();
  }
} finally {
  await browser?.close();
  rmSync(buildDir, { recursive: true, force: true });
}

if (only.has('external')) {
  results.external = await gatherExternal(root);
  for (const item of results.external) {
    print(`### ${item.name} (\`npm run ${item.script}\`)\n`);
    if (!item.available) print('not available');
    else if (!item.ok) print(`failed: ${item.error ?? 'no output'}`);
    else print(item.output ? '```\n' + item.output + '\n```' : '(printed nothing)');
    print();
  }
}

results.seconds = (performance.now() - started) / 1000;
print(
  `${machine.date.slice(0, 10)} · ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB · ${machine.os} · Node ${machine.node}` +
    `${machine.chromium ? ` · Chromium ${machine.chromium}` : ''} · ${runs} runs · ${results.seconds.toFixed(0)} s`,
);
if (!values['no-write']) {
  writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(root, 'bench/results.md'), out.join('\n') + '\n');
}
