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
}

export interface DialogRow {
  document: BenchDocument;
  assent: DialogSide;
  floor: DialogSide;
  errors: string[];
}

const CORPUS_DOCUMENTS = ['zh-jingdouyun-register-terms-privacy.txt', 'en_github_terms_of_service.md'];
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

/** The two corpus documents the issue names, or the longest Chinese and English demo policies. */
export function benchDocuments(root: string): BenchDocument[] {
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
): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript({ path: join(import.meta.dirname, 'pages/dialog-probe.js') });
    await page.goto(url, { waitUntil: 'load' });
    const session = await context.newCDPSession(page);
    await session.send('Performance.enable', { timeDomain: 'threadTicks' });
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
    const before = await metrics(session);
    const scrolledPx = await page.evaluate(
      ([which, steps]) => (window as any).__dialogBench.scroll(which, steps),
      [side, SCROLL_STEPS] as const,
    );
    const after = await metrics(session);
    const delta = (name: string): number => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
    return {
      coldOpen,
      warmOpen,
      readScript: delta('ScriptDuration'),
      readTask: delta('TaskDuration'),
      readLayout: delta('LayoutDuration'),
      readStyle: delta('RecalcStyleDuration'),
      scrolledPx,
    };
  } finally {
    await context.close();
  }
}

function summarize(list: Sample[]): DialogSide {
  const pick = (key: keyof Sample): number | undefined => median(list.map((sample) => sample[key]));
  return {
    samples: list.length,
    coldOpen: pick('coldOpen'),
    warmOpen: pick('warmOpen'),
    readScript: pick('readScript'),
    readTask: pick('readTask'),
    readLayout: pick('readLayout'),
    readStyle: pick('readStyle'),
    scrolledPx: pick('scrolledPx'),
  };
}

export async function measureDialog(
  browser: Browser,
  baseUrl: string,
  root: string,
  runs: number,
  log: (line: string) => void = () => {},
): Promise<DialogRow[]> {
  const rows: DialogRow[] = [];
  const url = `${baseUrl}/bench/pages/dialog.html`;
  for (const document of benchDocuments(root)) {
    const text = readFileSync(document.file, 'utf8');
    const samples = { assent: [] as Sample[], floor: [] as Sample[] };
    const errors = new Set<string>();
    // Round 0 warms up and is not counted.
    for (let round = 0; round <= runs; round++) {
      for (const side of shuffle(['assent', 'floor'] as const)) {
        try {
          const sample = await sampleOnce(browser, url, side, text, document.format);
          if (round > 0) samples[side].push(sample);
        } catch (error) {
          errors.add(`${side}: ${(error as Error).message.split('\n')[0]}`);
        }
      }
    }
    log(`dialog: ${document.id} done`);
    rows.push({
      document,
      assent: summarize(samples.assent),
      floor: summarize(samples.floor),
      errors: [...errors],
    });
  }
  return rows;
}
