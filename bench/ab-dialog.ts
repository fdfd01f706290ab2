/**
 * `node --import tsx bench/ab-dialog.ts --a OLD.iife.js [--b NEW.iife.js] [--runs 10] [--docs 0,1] [--ahead]`:
 * the dialog's cold and warm open with two builds of `assent.iife.js` and the innerHTML floor, the three
 * in a new random order each round, in one browser. On a shared machine whose load moves by 2× within
 * minutes, two `npm run bench` runs one after the other do not separate a change from the load; here
 * both builds see the same load. Besides the wall time it prints the main thread's busy time (CDP
 * `TaskDuration`, thread ticks), which the other processes' load inflates much less.
 *
 *   --ahead   the dialog is put in the page first (documents loaded, the page idle), and only `show()`
 *             is timed: a dialog in the markup opened on a click. Without it, the bench's cold open:
 *             inserted and shown in one task.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/support/chromium.js';
import { benchDocuments, benchText, type BenchDocument } from './dialog.js';
import { serveBench } from './server.js';
import { median, shuffle } from './stats.js';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: join(root, 'dist/assent.iife.js') },
    runs: { type: 'string', default: '10' },
    docs: { type: 'string', default: '0,1' },
    ahead: { type: 'boolean', default: false },
  },
});
if (!values.a) {
  console.error(
    'usage: bench/ab-dialog.ts --a OLD.iife.js [--b NEW.iife.js] [--runs N] [--docs 0,1] [--ahead]',
  );
  process.exit(2);
}

type Side = 'a' | 'b' | 'floor';
interface Sample {
  cold: number;
  warm: number;
  coldBusy: number;
  warmBusy: number;
}

async function sampleOnce(browser: Browser, url: string, side: Side, text: string, format: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript({ path: join(import.meta.dirname, 'pages/dialog-probe.js') });
    await page.goto(`${url}/bench/pages/dialog.html`, { waitUntil: 'load' });
    const session = await context.newCDPSession(page);
    await session.send('Performance.enable', { timeDomain: 'threadTicks' });
    const busy = async () => {
      const { metrics } = await session.send('Performance.getMetrics');
      return (metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0) * 1000;
    };
    const floor = side === 'floor';
    if (values.ahead && !floor)
      await page.evaluate(([body, kind]) => (window as any).__dialogBench.insertAssentAhead(body, kind), [
        text,
        format,
      ] as const);
    const before = await busy();
    const cold: number = await page.evaluate(
      ([which, body, kind, ahead]) => {
        const bench = (window as any).__dialogBench;
        if (which === 'floor') return bench.openFloor(body, kind);
        return ahead ? bench.showAssent() : bench.openAssent(body, kind);
      },
      [side, text, format, values.ahead] as const,
    );
    const between = await busy();
    const warm: number = await page.evaluate(
      (which) =>
        which === 'floor'
          ? (window as any).__dialogBench.reopenFloor()
          : (window as any).__dialogBench.reopenAssent(),
      side,
    );
    const after = await busy();
    return { cold, warm, coldBusy: between - before, warmBusy: after - between };
  } finally {
    await context.close();
  }
}

const servers = {
  a: await serveBench(root, { '/dist/assent.iife.js': resolve(values.a) }),
  b: await serveBench(root, { '/dist/assent.iife.js': resolve(values.b) }),
};
const browser = await launchChromium();
try {
  const documents = benchDocuments(root);
  const runs = Math.max(1, Number(values.runs) || 10);
  console.log(
    `a = ${values.a}, b = ${values.b}, ${runs} runs, ${values.ahead ? 'dialog in the page ahead' : 'inserted and shown at once'}`,
  );
  for (const index of values.docs.split(',').map(Number)) {
    const document: BenchDocument | undefined = documents[index];
    if (!document) continue;
    const text = benchText(document);
    const samples: Record<Side, Sample[]> = { a: [], b: [], floor: [] };
    // Round 0 warms up and is not counted.
    for (let round = 0; round <= runs; round++) {
      for (const side of shuffle(['a', 'b', 'floor'] as const)) {
        const sample = await sampleOnce(
          browser,
          (side === 'b' ? servers.b : servers.a).url,
          side,
          text,
          document.format,
        );
        if (round > 0) samples[side].push(sample);
      }
    }
    const m = (side: Side, key: keyof Sample) => median(samples[side].map((sample) => sample[key])) ?? NaN;
    const row = (key: keyof Sample) =>
      `${m('a', key).toFixed(1)} / ${m('b', key).toFixed(1)} / ${m('floor', key).toFixed(1)} ms ` +
      `(a ${(m('a', key) / m('floor', key)).toFixed(2)}×, b ${(m('b', key) / m('floor', key)).toFixed(2)}× the floor)`;
    console.log(`\n${document.id}, a / b / floor, medians:`);
    console.log(`  cold open, wall:   ${row('cold')}`);
    console.log(`  cold open, busy:   ${row('coldBusy')}`);
    console.log(`  warm reopen, wall: ${row('warm')}`);
    console.log(`  warm reopen, busy: ${row('warmBusy')}`);
  }
} finally {
  await browser.close();
  await servers.a.close();
  await servers.b.close();
}
