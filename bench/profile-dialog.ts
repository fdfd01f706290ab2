/**
 * `node --import tsx bench/profile-dialog.ts [--doc N] [--throttle R] [--file dist/assent.iife.js] [--ahead]`:
 * one cold open (and one end-to-end scroll) of the dialog bench page under the CDP sampling profiler,
 * printed as the functions with the most self time and the most inclusive time. Build an unminified
 * IIFE first for readable names: `npx vite build --mode iife --minify false --outDir /tmp/assent-unmin`
 * and pass `--file /tmp/assent-unmin/assent.iife.js`. `--ahead` puts the dialog in the page first
 * (documents loaded, page idle) and profiles `show()` only, as bench/ab-dialog.ts does.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/support/chromium.js';
import { benchDocuments, benchText, openProbePage, SCROLL_STEPS } from './dialog.js';
import { serveBench } from './server.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    doc: { type: 'string', default: '1' },
    throttle: { type: 'string', default: '1' },
    file: { type: 'string' },
    top: { type: 'string', default: '30' },
    ahead: { type: 'boolean', default: false },
  },
});
const document = benchDocuments(root)[Number(values.doc)]!;
const text = benchText(document);
const server = await serveBench(root, values.file ? { '/dist/assent.iife.js': resolve(values.file) } : {});
const browser = await launchChromium();

/** Self and inclusive ms per function (name + line), from a CDP profile. */
function summarize(profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const label = (node: ProfileNode) =>
    `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber + 1}`;
  let total = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') return;
    total += ms;
    self.set(label(node), (self.get(label(node)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  });
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `  ${ms.toFixed(1).padStart(7)} ms  ${name}`)
      .join('\n');
  return `busy ${total.toFixed(1)} ms\nself:\n${list(self)}\ninclusive:\n${list(inclusive)}`;
}

try {
  const throttle = Number(values.throttle);
  const { page, session } = await openProbePage(browser, `${server.url}/bench/pages/dialog.html`, throttle);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  const top = Number(values.top);
  if (values.ahead)
    await page.evaluate(([body, kind]) => (window as any).__dialogBench.insertAssentAhead(body, kind), [
      text,
      document.format,
    ] as const);
  for (const [name, run] of [
    [
      'cold open',
      () =>
        values.ahead
          ? page.evaluate(() => (window as any).__dialogBench.showAssent())
          : page.evaluate(([body, kind]) => (window as any).__dialogBench.openAssent(body, kind), [
              text,
              document.format,
            ] as const),
    ],
    ['warm open', () => page.evaluate(() => (window as any).__dialogBench.reopenAssent())],
    [
      'scroll',
      () => page.evaluate((steps) => (window as any).__dialogBench.scroll('assent', steps), SCROLL_STEPS),
    ],
  ] as const) {
    await session.send('Profiler.start');
    const ms = await run();
    const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: Profile };
    console.log(`\n== ${document.id}, ${name}: ${Math.round(ms as number)} (ms, or px scrolled)`);
    console.log(summarize(profile, top));
  }
  const longTasks = await page.evaluate(() => (window as any).__dialogBench.takeLongTasks());
  console.log(`\nlong tasks: ${JSON.stringify(longTasks)}`);
} finally {
  await browser.close();
  await server.close();
}
