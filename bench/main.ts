/**
 * Assent's benchmark suite (`npm run bench`, through bench/run.mjs). Everything is measured in one run
 * on one machine, so the figures worth reading are the ratios. Nothing here passes or fails.
 *
 *   --runs N         page loads per library / dialog openings per document (default 15)
 *   --only a,b       sections to run: bytes, banner, dialog, reading, external (default all)
 *   --throttle 1,4   CPU slowdowns the dialog and reading sections run at (CDP; default 1,4: this
 *                    machine and about a mid-range phone)
 *   --docs 2         only these dialog documents, by index (0 Chinese text, 1 English Markdown, 2 the
 *                    200k-character text; default all)
 *   --dialog-script F  serve file F as dist/assent.iife.js to the dialog and reading sections (an older
 *                    build, to measure before and after back to back in one session)
 *   --no-write       do not write bench/results.json and bench/results.md
 *   --report         print the report of bench/results.json again, without measuring
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/support/chromium.js';
import { measureBanner } from './banner.js';
import { measureDialog } from './dialog.js';
import { serveBench } from './server.js';
import { measureBytes } from './bytes.js';
import { gatherExternal } from './external.js';
import { renderReport, type Results } from './report.js';
import { buildFromSource } from './source-build.js';

const root = resolve(import.meta.dirname, '..');
const SECTIONS = ['bytes', 'banner', 'dialog', 'reading', 'external'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    only: { type: 'string', default: SECTIONS.join(',') },
    throttle: { type: 'string', default: '1,4' },
    docs: { type: 'string', default: '' },
    'dialog-script': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    report: { type: 'boolean', default: false },
  },
});
if (values.report) {
  // Prints the report of the last run again (bench/results.json), measuring nothing.
  console.log(renderReport(JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8')) as Results));
  process.exit(0);
}
const runs = Math.max(1, Number.parseInt(values.runs, 10) || 15);
const only = new Set(values.only.split(',').map((name) => name.trim()) as Section[]);
const throttles = values.throttle
  .split(',')
  .map((rate) => Number.parseFloat(rate))
  .filter((rate) => Number.isFinite(rate) && rate >= 1);

/** `--docs 2` or `--docs 0,2`: only these of the dialog's documents (by index; default all). */
const documentIndexes = values.docs
  ? values.docs
      .split(',')
      .map((index) => Number.parseInt(index, 10))
      .filter(Number.isInteger)
  : undefined;

const DIST_BUNDLES = ['dist/assent-banner.iife.js', 'dist/assent.iife.js'];
const ELEMENTS = [
  'privacy-banner',
  'cookie-manager',
  'agreement-dialog',
  'consent-checkbox',
  'policy-document',
];

/** Which of Assent's elements a built bundle registers, found by running it in a blank page. */
async function elementsDefinedBy(browser: Browser, baseUrl: string, file: string): Promise<string[]> {
  if (!existsSync(join(root, file))) return [];
  const page = await browser.newPage();
  try {
    await page.goto(`${baseUrl}/bench/pages/blank.html`);
    await page.addScriptTag({ url: `/${file}?raw` });
    return await page.evaluate((tags) => tags.filter((tag) => customElements.get(tag)), ELEMENTS);
  } catch {
    return [];
  } finally {
    await page.close();
  }
}

/** The whole run stays under ten minutes: the gathered scripts get what is left of this. */
const BUDGET_MS = 560_000;
const started = performance.now();
const machine: Results['machine'] = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  cores: cpus().length,
  memoryGB: Math.round(totalmem() / 1e9),
  os: `${process.platform} ${release()}`,
  node: process.version,
};
const results: Results = { machine, runs, sections: [...only], seconds: 0 };

const buildDir = mkdtempSync(join(tmpdir(), 'assent-bench-'));
let browser: Browser | undefined;
try {
  const source = await buildFromSource(root, buildDir);
  if (only.has('bytes') || only.has('banner') || only.has('dialog') || only.has('reading')) {
    browser = await launchChromium();
    machine.chromium = browser.version();
  }
  // dist/ is what ships; until an IIFE defines the element a harness needs, the esbuild build of src/ stands in.
  const overrides: Record<string, string> = {};
  const server = await serveBench(root, overrides);
  try {
    const defined: Record<string, string[]> = {};
    for (const file of DIST_BUNDLES)
      defined[file] = browser ? await elementsDefinedBy(browser, server.url, file) : [];
    const bannerFromDist = defined['dist/assent-banner.iife.js']!.includes('privacy-banner');
    const dialogFromDist = defined['dist/assent.iife.js']!.includes('agreement-dialog');
    if (!bannerFromDist && source.banner.file) overrides['/dist/assent-banner.iife.js'] = source.banner.file;
    if (!dialogFromDist && source.agreement.file) overrides['/dist/assent.iife.js'] = source.agreement.file;
    const dialogScript = values['dialog-script'] && resolve(values['dialog-script']);
    if (dialogScript) overrides['/dist/assent.iife.js'] = dialogScript;

    if (only.has('bytes')) {
      results.bytes = await measureBytes(root, source, defined);
      console.error('bytes: done');
    }

    if (browser && only.has('banner')) {
      const script = bannerFromDist
        ? 'dist/assent-banner.iife.js'
        : 'the banner path built from src/ with esbuild (dist/assent-banner.iife.js does not define <privacy-banner>)';
      const rows = await measureBanner(browser, server.url, runs, undefined, (line) => console.error(line));
      results.banner = { script, rows };
    }

    if (browser && (only.has('dialog') || only.has('reading'))) {
      const script = dialogScript
        ? dialogScript
        : dialogFromDist
          ? 'dist/assent.iife.js'
          : 'the agreement path built from src/ with esbuild (dist/assent.iife.js does not define <agreement-dialog>)';
      const rows = await measureDialog(
        browser,
        server.url,
        root,
        runs,
        (line) => console.error(line),
        throttles.length ? throttles : [1],
        documentIndexes,
      );
      results.dialog = { script, rows };
    }
  } finally {
    await server.close();
  }
} finally {
  await browser?.close();
  rmSync(buildDir, { recursive: true, force: true });
}

if (only.has('external')) {
  // Counted from when `npm run bench` started (bench/run.mjs may have built dist/ or installed Chromium first).
  const launchedAt = Number(process.env.BENCH_STARTED_AT) || Date.now() - (performance.now() - started);
  results.external = await gatherExternal(root, performance.now() + (launchedAt + BUDGET_MS - Date.now()));
}

results.seconds = (performance.now() - started) / 1000;
const report = renderReport(results);
console.log(report);
if (!values['no-write']) {
  writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(root, 'bench/results.md'), report + '\n');
}
