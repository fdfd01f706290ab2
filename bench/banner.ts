/**
 * Banner time: one harness page per library (bench/pages), same banner configuration, loaded in a
 * fresh browser context each time (no stored decision, cold HTTP cache), libraries interleaved in a
 * new random order every round. bench/pages/probe.js records, from navigation start, when the banner
 * is first laid out and visible and when that frame has been painted, plus long tasks and layout shift.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { median, shuffle } from './stats.js';

export interface BannerPage {
  id: string;
  name: string;
  file: string;
}

export const BANNER_PAGES: BannerPage[] = [
  { id: 'floor', name: 'static HTML (floor)', file: 'floor.html' },
  { id: 'assent', name: 'Assent <privacy-banner>', file: 'assent.html' },
  { id: 'vanilla-cookieconsent', name: 'vanilla-cookieconsent', file: 'vanilla-cookieconsent.html' },
  { id: 'klaro', name: 'Klaro', file: 'klaro.html' },
  { id: 'tarteaucitron', name: 'tarteaucitron', file: 'tarteaucitron.html' },
  { id: 'osano', name: 'cookieconsent (Osano)', file: 'cookieconsent-osano.html' },
];

interface Probe {
  longTasks: { start: number; duration: number }[];
  layoutShift: number;
  fcp?: number;
  visibleAt?: number;
  paintedAt?: number;
  analyticsRan: number;
  domContentLoaded: number;
  load: number;
}

export interface BannerSample {
  painted: number;
  visible: number;
  fcp?: number;
  longTasks: number;
  longTaskMs: number;
  layoutShift: number;
}

export interface BannerRow {
  id: string;
  name: string;
  samples: number;
  failures: number;
  /** Medians over the runs. */
  painted?: number;
  visible?: number;
  fcp?: number;
  longTasks?: number;
  longTaskMs?: number;
  /** Most long tasks seen in one load. */
  longTasksMax?: number;
  /** Loads that had at least one long task. */
  longTaskLoads?: number;
  /** Largest layout shift score seen in any run (the goal is zero in every run). */
  layoutShiftMax?: number;
  layoutShiftMedian?: number;
  /** Every counted run's painted time, in run order (for other statistics than the median). */
  paintedRuns: number[];
  /** Times the gated analytics script ran before any choice (must stay 0). */
  gatedScriptRan: number;
  error?: string;
}

/** Time allowed for a banner to appear (tarteaucitron waits for `load`, then fetches two scripts). */
const APPEAR_TIMEOUT_MS = 10_000;
/** Watch a little longer after the paint: late shifts and long tasks of animating peers count too. */
const SETTLE_MS = 300;

async function loadOnce(browser: Browser, url: string): Promise<Probe> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript({ path: join(import.meta.dirname, 'pages/probe.js') });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as any).__bench?.paintedAt !== undefined, undefined, {
      timeout: APPEAR_TIMEOUT_MS,
      polling: 50,
    });
    await page.waitForTimeout(SETTLE_MS);
    return await page.evaluate(() => {
      const state = (window as any).__bench;
      const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return {
        longTasks: state.longTasks,
        layoutShift: state.layoutShift,
        fcp: state.fcp,
        visibleAt: state.visibleAt,
        paintedAt: state.paintedAt,
        analyticsRan: (window as any).__analyticsRan ?? 0,
        domContentLoaded: navigation?.domContentLoadedEventEnd ?? NaN,
        load: navigation?.loadEventEnd ?? NaN,
      };
    });
  } finally {
    await context.close();
  }
}

export async function measureBanner(
  browser: Browser,
  baseUrl: string,
  runs: number,
  pages: BannerPage[] = BANNER_PAGES,
  log: (line: string) => void = () => {},
): Promise<BannerRow[]> {
  const samples = new Map<string, BannerSample[]>(pages.map((page) => [page.id, []]));
  const errors = new Map<string, string>();
  const ran = new Map<string, number>(pages.map((page) => [page.id, 0]));
  // Round 0 warms the browser, the server and the disk cache; it is not counted.
  for (let round = 0; round <= runs; round++) {
    for (const page of shuffle(pages)) {
      try {
        const probe = await loadOnce(browser, `${baseUrl}/bench/pages/${page.file}`);
        ran.set(page.id, ran.get(page.id)! + probe.analyticsRan);
        if (round === 0) continue;
        samples.get(page.id)!.push({
          painted: probe.paintedAt!,
          visible: probe.visibleAt!,
          ...(probe.fcp === undefined ? {} : { fcp: probe.fcp }),
          longTasks: probe.longTasks.length,
          longTaskMs: probe.longTasks.reduce((sum, task) => sum + task.duration, 0),
          layoutShift: probe.layoutShift,
        });
      } catch (error) {
        errors.set(page.id, (error as Error).message.split('\n')[0]!);
      }
    }
    if (round > 0) log(`banner: round ${round}/${runs}`);
  }
  return pages.map((page) => {
    const list = samples.get(page.id)!;
    const pick = (key: keyof BannerSample): number[] =>
      list.map((sample) => sample[key]).filter((value): value is number => value !== undefined);
    const error = errors.get(page.id);
    return {
      id: page.id,
      name: page.name,
      samples: list.length,
      failures: runs - list.length,
      painted: median(pick('painted')),
      visible: median(pick('visible')),
      fcp: median(pick('fcp')),
      longTasks: median(pick('longTasks')),
      longTaskMs: median(pick('longTaskMs')),
      longTasksMax: list.length ? Math.max(...pick('longTasks')) : undefined,
      longTaskLoads: pick('longTasks').filter((count) => count > 0).length,
      paintedRuns: pick('painted').map((value) => Math.round(value * 10) / 10),
      layoutShiftMax: list.length ? Math.max(...pick('layoutShift')) : undefined,
      layoutShiftMedian: median(pick('layoutShift')),
      gatedScriptRan: ran.get(page.id)!,
      ...(error ? { error } : {}),
    };
  });
}
