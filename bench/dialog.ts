/**
 * The agreement dialog against its physical floor, on the same text in the same page (bench/pages/dialog.html):
 *  - open → content painted: Assent's `<agreement-dialog>` inserted with an inline `<policy-document>` and
 *    shown (cold: parse, render, paint), then hidden and shown again (warm), against a native `<dialog>`
 *    whose div receives the text by `innerHTML` (one paragraph per line) and `showModal()`;
 *  - reading cost: main-thread scripting time (CDP Performance metrics) while the document is scrolled
 *    from top to bottom in a fixed number of frames, against the same scroll of the plain div.
 * Each sample is a fresh browser context; Assent and the floor alternate in a random order.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Browser, CDPSession } from 'playwright-core';
import { median, shuffle } from './stats.js';

export interface BenchDocument {
  id: string;
  file: string;
  format: 'text' | 'markdown' | 'html';
  chars: number;
  /** From ../shared/corpus, or the demo's own policies when the corpus is absent. */
  source: 'corpus' | 'demo';
  /** The file's text is repeated this many times (the long-document row). */
  repeat?: number;
}

export interface DialogSide {
  samples: number;
  /** Medians, ms. */
  coldOpen?: number;
  warmOpen?: number;
  readScript?: number;
  readTask?: number;
  readLayout?: number;
  readStyle?: number;
  scrolledPx?: number;
  /** Samples with a task over 50 ms while opening (cold or warm) / while scrolling. */
  openLongTaskRuns?: number;
  readLongTaskRuns?: number;
  /** The longest task seen in any sample while opening / while scrolling, ms (0: none over 50 ms). */
  openLongTaskMax?: number;
  readLongTaskMax?: number;
}

export interface DialogRow {
  document: BenchDocument;
  /** CPU slowdown (CDP Emulation.setCPUThrottlingRate): 1 is this machine, 4 a mid-range phone. */
  throttle: number;
  assent: DialogSide;
  floor: DialogSide;
  errors: string[];
}

const CORPUS_DOCUMENTS = ['zh-jingdouyun-register-terms-privacy.txt', 'en_github_terms_of_service.md'];
/** The long-document row: the first document repeated to at least this many characters. */
const LONG_CHARS = 200_000;
/** Frames the scroll from top to bottom takes, the same for both sides. */
export const SCROLL_STEPS = 60;

function formatOf(file: string): BenchDocument['format'] {
  const ext = extname(file);
  return ext === '.md' ? 'markdown' : ext === '.html' || ext === '.htm' ? 'html' : 'text';
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** A document's text as the bench gives it to both sides. */
export function benchText(document: BenchDocument): string {
  const text = readFileSync(document.file, 'utf8');
  return document.repeat ? Array.from({ length: document.repeat }, () => text).join('\n\n') : text;
}

/**
 * A fresh browser context on the dialog bench's page (`url`), with the probe
 * (bench/pages/dialog-probe.js) loaded and a CDP session, throttled `throttle`× (1: not at all).
 * The caller closes the context.
 */
export async function openProbePage(browser: Browser, url: string, throttle: number) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript({ path: join(import.meta.dirname, 'pages/dialog-probe.js') });
  await page.goto(url, { waitUntil: 'load' });
  const session = await context.newCDPSession(page);
  if (throttle !== 1) await session.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  return { context, page, session };
}

/**
 * The two corpus documents the issue names (or the longest Chinese and English demo policies), and
 * the first of them repeated to 200,000 characters: no task may take over 50 ms opening or reading it.
 */
export function benchDocuments(root: string): BenchDocument[] {
  const documents = baseDocuments(root);
  const first = documents[0];
  if (!first) return documents;
  const repeat = Math.ceil(LONG_CHARS / first.chars);
  return [
    ...documents,
    { ...first, id: `${first.id} ×${repeat}`, chars: first.chars * repeat + 2 * (repeat - 1), repeat },
  ];
}

function baseDocuments(root: string): BenchDocument[] {
  const corpus = join(root, '../shared/corpus');
  const files = CORPUS_DOCUMENTS.map((name) => join(corpus, name));
  if (files.every((file) => existsSync(file)))
    return files.map((file) => ({
      id: basename(file),
      file,
      format: formatOf(file),
      chars: [...readFileSync(file, 'utf8')].length,
      source: 'corpus',
    }));
  const demo = listFiles(join(root, 'demo/policies')).filter((file) => /\.(txt|md|html)$/.test(file));
  const longest = (pattern: RegExp): string | undefined =>
    demo
      .filter((file) => pattern.test(basename(file)))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0];
  return [longest(/zh/), longest(/\.en\./)]
    .filter((file): file is string => file !== undefined)
    .map((file) => ({
      id: file.slice(join(root, 'demo/policies').length + 1),
      file,
      format: formatOf(file),
      chars: [...readFileSync(file, 'utf8')].length,
      source: 'demo',
    }));
}

interface Sample {
  coldOpen: number;
  warmOpen: number;
  readScript: number;
  readTask: number;
  readLayout: number;
  readStyle: number;
  scrolledPx: number;
  /** Tasks over 50 ms, ms each (PerformanceObserver `longtask`). */
  openLongTasks: number[];
  readLongTasks: number[];
}

async function metrics(session: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await session.send('Performance.getMetrics');
  return Object.fromEntries(list.map((metric) => [metric.name, metric.value]));
}

async function sampleOnce(
  browser: Browser,
  url: string,
  side: 'assent' | 'floor',
  text: string,
  format: string,
  throttle: number,
): Promise<Sample> {
  const { context, page, session } = await openProbePage(browser, url, throttle);
  try {
    await session.send('Performance.enable', { timeDomain: 'threadTicks' });
    const longTasks = (): Promise<number[]> =>
      page.evaluate(() => (window as any).__dialogBench.takeLongTasks() as number[]);
    await longTasks();
    const coldOpen = await page.evaluate(
      ([which, body, kind]) =>
        which === 'assent'
          ? (window as any).__dialogBench.openAssent(body, kind)
          : (window as any).__dialogBench.openFloor(body, kind),
      [side, text, format] as const,
    );
    const warmOpen = await page.evaluate(
      (which) =>
        which === 'assent'
          ? (window as any).__dialogBench.reopenAssent()
          : (window as any).__dialogBench.reopenFloor(),
      side,
    );
    const openLongTasks = await longTasks();
    const before = await metrics(session);
    const scrolledPx = await page.evaluate(
      ([which, steps]) => (window as any).__dialogBench.scroll(which, steps),
      [side, SCROLL_STEPS] as const,
    );
    const after = await metrics(session);
    const readLongTasks = await longTasks();
    const delta = (name: string): number => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
    return {
      coldOpen,
      warmOpen,
      readScript: delta('ScriptDuration'),
      readTask: delta('TaskDuration'),
      readLayout: delta('LayoutDuration'),
      readStyle: delta('RecalcStyleDuration'),
      scrolledPx,
      openLongTasks,
      readLongTasks,
    };
  } finally {
    await context.close();
  }
}

function summarize(list: Sample[]): DialogSide {
  const pick = (key: Exclude<keyof Sample, 'openLongTasks' | 'readLongTasks'>): number | undefined =>
    median(list.map((sample) => sample[key]));
  const runsWith = (key: 'openLongTasks' | 'readLongTasks'): number =>
    list.filter((sample) => sample[key].length > 0).length;
  const longest = (key: 'openLongTasks' | 'readLongTasks'): number =>
    Math.max(0, ...list.flatMap((sample) => sample[key]));
  return {
    samples: list.length,
    coldOpen: pick('coldOpen'),
    warmOpen: pick('warmOpen'),
    readScript: pick('readScript'),
    readTask: pick('readTask'),
    readLayout: pick('readLayout'),
    readStyle: pick('readStyle'),
    scrolledPx: pick('scrolledPx'),
    openLongTaskRuns: runsWith('openLongTasks'),
    readLongTaskRuns: runsWith('readLongTasks'),
    openLongTaskMax: longest('openLongTasks'),
    readLongTaskMax: longest('readLongTasks'),
  };
}

export async function measureDialog(
  browser: Browser,
  baseUrl: string,
  root: string,
  runs: number,
  log: (line: string) => void = () => {},
  throttles: readonly number[] = [1],
  documentIndexes?: readonly number[],
): Promise<DialogRow[]> {
  const rows: DialogRow[] = [];
  const url = `${baseUrl}/bench/pages/dialog.html`;
  for (const throttle of throttles) {
    const documents = benchDocuments(root).filter(
      (_, index) => !documentIndexes || documentIndexes.includes(index),
    );
    for (const document of documents) {
      const text = benchText(document);
      const samples = { assent: [] as Sample[], floor: [] as Sample[] };
      const errors = new Set<string>();
      // Round 0 warms up and is not counted.
      for (let round = 0; round <= runs; round++) {
        for (const side of shuffle(['assent', 'floor'] as const)) {
          try {
            const sample = await sampleOnce(browser, url, side, text, document.format, throttle);
            if (round > 0) samples[side].push(sample);
          } catch (error) {
            errors.add(`${side}: ${(error as Error).message.split('\n')[0]}`);
          }
        }
      }
      log(`dialog: ${document.id} at ${throttle}× CPU done`);
      rows.push({
        document,
        throttle,
        assent: summarize(samples.assent),
        floor: summarize(samples.floor),
        errors: [...errors],
      });
    }
  }
  return rows;
}
