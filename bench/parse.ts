/**
 * `npm run bench:parse`: parse time of every corpus document (test/fixtures/corpus when present, else the
 * demo's own policies), then a 50,000-character policy text grown ×10 and ×100, in each format, so the
 * scaling is visible: ms, characters per ms, and time ratio against the 50k baseline of the same run
 * (linear growth means ratio ≈ size factor). Goal: 50k characters of text in ≤ 5 ms.
 *
 * Options: --runs N (timed runs per case, default 15), --no-browser (skip the Chromium column), --markup-x100 (also grow Markdown and HTML ×100:
 * jsdom then needs several GB of heap, so it is off by default).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { JSDOM } from 'jsdom';
import { parsePolicy, useDocumentWindow, type DocumentFormat } from '../src/document/index.js';

const root = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const runsArg = argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(argv[runsArg + 1]) : 15;
const SKIP_BIG_MARKUP = !argv.includes('--markup-x100');

useDocumentWindow(new JSDOM('').window as unknown as Window);

function formatOf(file: string): DocumentFormat {
  return /\.(md|markdown)$/.test(file) ? 'markdown' : /\.html?$/.test(file) ? 'html' : 'text';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Timing {
  /** Median wall-clock ms. */
  wall: number;
  /** Median CPU ms of this process (user + system): steadier than wall time on a shared machine. */
  cpu: number;
}

/** Median wall and CPU time of `runs` parses after warm-up runs (JIT, caches). */
function measure(source: string, format: DocumentFormat, runs = RUNS): Timing {
  const options = { format, maxChars: Number.POSITIVE_INFINITY };
  const warmups = Math.max(2, Math.min(5, runs));
  for (let i = 0; i < warmups; i++) parsePolicy(source, options);
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    parsePolicy(source, options);
    walls.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

function row(cells: (string | number)[], widths: number[]): string {
  return `| ${cells.map((cell, i) => (typeof cell === 'number' ? String(cell).padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ')} |`;
}

function print(header: string[], rows: (string | number)[][]): void {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((cells) => String(cells[i]).length)),
  );
  console.log(row(header, widths));
  console.log(`| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`);
  for (const cells of rows) console.log(row(cells, widths));
  console.log('');
}

// 1. Real documents: the test corpus (test/fixtures/corpus), else the demo's own policies.
const corpusDir = resolve(root, 'test/fixtures/corpus');
const demoDir = resolve(root, 'demo/policies');
const files: string[] = [];
let sourceName: string;
const isDocument = (name: string) => /\.(txt|md|html)$/.test(name) && name !== 'README.md';
if (existsSync(join(corpusDir, 'README.md'))) {
  sourceName = 'test/fixtures/corpus';
  for (const name of readdirSync(corpusDir).sort()) if (isDocument(name)) files.push(join(corpusDir, name));
} else {
  sourceName = 'demo/policies (test/fixtures/corpus is absent)';
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (isDocument(entry.name)) files.push(path);
    }
  };
  if (existsSync(demoDir)) walk(demoDir);
}
// A 50k-character policy in each format, to grow ×10 and ×100.
const SENTENCES = [
  '您在使用本服务前应当仔细阅读并充分理解本协议的全部内容，特别是以粗体标识的免除或者限制责任的条款。',
  '我们将按照法律法规的要求，采取必要的安全措施保护您的个人信息，防止信息泄露、毁损或者丢失。',
  'You agree that we may update these terms from time to time and will notify you before changes take effect.',
  '如您对本协议有任何疑问，可以通过客服渠道与我们联系，我们将在十五个工作日内答复。',
];
const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function policyText(targetChars: number, format: DocumentFormat): string {
  const parts: string[] = [];
  let length = 0;
  let section = 0;
  while (length < targetChars) {
    section++;
    const heading = `${CN[(section - 1) % 10]}、第${section}部分 服务条款`;
    const clauses = [1, 2, 3].map(
      (n) => `${section}.${n} ${SENTENCES[(section + n) % 4]}${SENTENCES[(section + n + 1) % 4]}`,
    );
    const sub = `（${CN[section % 10]}）${SENTENCES[section % 4]}`;
    let chunk: string;
    if (format === 'markdown') {
      chunk = `## ${heading}\n\n${clauses.map((clause) => `${clause} **重要条款${section}。**`).join('\n\n')}\n\n- ${sub}\n\n`;
    } else if (format === 'html') {
      chunk = `<h2>${heading}</h2>\n${clauses.map((clause) => `<p>${clause} <strong>重要条款${section}。</strong></p>`).join('\n')}\n<ul><li>${sub}</li></ul>\n`;
    } else chunk = `${heading}\n${clauses.join('\n')}\n${sub}\n\n`;
    parts.push(chunk);
    length += chunk.length;
  }
  return parts.join('').slice(0, targetChars);
}

interface Case {
  name: string;
  format: DocumentFormat;
  source: string;
  runs: number;
  /** Growth factor for the scaling table; 0 for real documents. */
  factor: number;
}

const documentCases: Case[] = files.map((file) => ({
  name: file.slice(file.lastIndexOf('/') + 1),
  format: formatOf(file),
  source: readFileSync(file, 'utf8'),
  runs: RUNS,
  factor: 0,
}));
const scalingCases: Case[] = [];
for (const format of ['text', 'markdown', 'html'] as DocumentFormat[]) {
  for (const factor of [1, 10, 100]) {
    if (factor === 100 && format !== 'text' && SKIP_BIG_MARKUP) continue;
    const runs = factor === 100 ? Math.min(RUNS, 3) : factor === 10 ? Math.min(RUNS, 7) : RUNS;
    scalingCases.push({
      name: `50k ×${factor}`,
      format,
      source: policyText(50_000 * factor, format),
      runs,
      factor,
    });
  }
}

/**
 * The same cases in Chromium (native DOM instead of jsdom): src/document bundled by esbuild, timed
 * with performance.now() inside the page. Returns median ms per case, or null when Chromium is missing.
 */
async function measureInChromium(cases: Case[]): Promise<[median: number, best: number][] | null> {
  if (argv.includes('--no-browser') || !existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'))
    return null;
  const { build } = await import('esbuild');
  const { launchChromium } = await import('../test/support/chromium.js');
  const bundle = await build({
    entryPoints: [resolve(root, 'src/document/index.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'AssentDocument',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    return await page.evaluate(
      (list) => {
        const api = (globalThis as unknown as { AssentDocument: typeof import('../src/document/index.js') })
          .AssentDocument;
        return list.map(({ source, format, runs }) => {
          const options = { format, maxChars: Number.POSITIVE_INFINITY };
          for (let i = 0; i < Math.max(2, Math.min(5, runs)); i++) api.parsePolicy(source, options);
          const times: number[] = [];
          for (let i = 0; i < runs; i++) {
            const start = performance.now();
            api.parsePolicy(source, options);
            times.push(performance.now() - start);
          }
          times.sort((a, b) => a - b);
          return [times[Math.floor(times.length / 2)]!, times[0]!] as [number, number];
        });
      },
      cases.map(({ source, format, runs }) => ({ source, format, runs })),
    );
  } finally {
    await browser.close();
  }
}

const [load1] = loadavg();
console.log(
  `Parse time (median, and best for Chromium, of up to ${RUNS} runs after warm-up; Node ${process.version} with jsdom for Markdown and ` +
    `HTML; ${cpus().length} CPUs, load average ${load1!.toFixed(1)} at start)\n`,
);
const nodeTimes = [...documentCases, ...scalingCases].map((item) =>
  measure(item.source, item.format, item.runs),
);
const chromiumTimes = await measureInChromium([...documentCases, ...scalingCases]);
const chromium = (index: number): string => (chromiumTimes ? chromiumTimes[index]![0].toFixed(2) : '—');
const chromiumBest = (index: number): string => (chromiumTimes ? chromiumTimes[index]![1].toFixed(2) : '—');

console.log(`Documents of ${sourceName}\n`);
print(
  [
    'document',
    'format',
    'chars',
    'Node wall ms',
    'Node cpu ms',
    'chars/ms (Node cpu)',
    'Chromium ms',
    'best',
  ],
  documentCases.map((item, index) => [
    item.name,
    item.format,
    item.source.length,
    nodeTimes[index]!.wall.toFixed(2),
    nodeTimes[index]!.cpu.toFixed(2),
    Math.round(item.source.length / nodeTimes[index]!.cpu),
    chromium(index),
    chromiumBest(index),
  ]),
);

console.log(
  'Scaling: a 50,000-character policy grown ×10 and ×100 (ratios against the 50k row of the same run)\n',
);
const offset = documentCases.length;
print(
  [
    'format',
    'size',
    'chars',
    'Node wall ms',
    'Node cpu ms',
    'cpu ratio',
    'Chromium ms',
    'best',
    'best ratio',
  ],
  scalingCases.map((item, i) => {
    const base = scalingCases.findIndex((other) => other.format === item.format && other.factor === 1);
    const cpuRatio = nodeTimes[offset + i]!.cpu / nodeTimes[offset + base]!.cpu;
    const chromiumRatio = chromiumTimes
      ? chromiumTimes[offset + i]![1] / chromiumTimes[offset + base]![1]
      : NaN;
    return [
      item.format,
      item.name,
      item.source.length,
      nodeTimes[offset + i]!.wall.toFixed(2),
      nodeTimes[offset + i]!.cpu.toFixed(2),
      `${cpuRatio.toFixed(1)}×`,
      chromium(offset + i),
      chromiumBest(offset + i),
      Number.isNaN(chromiumRatio) ? '—' : `${chromiumRatio.toFixed(1)}×`,
    ];
  }),
);
console.log(
  'Goal: 50k characters of plain text in ≤ 5 ms, time growing linearly with size (ratio ≈ size factor).',
);
