/**
 * `node --import tsx bench/trace-dialog.ts [--doc 2] [--throttle 1] [--file dist/assent.iife.js]`:
 * one cold open, one reopen (hide, show) and one end-to-end scroll of the dialog bench page, as the
 * bench does them, under a Chrome trace (CDP `Tracing`, devtools.timeline categories) and the sampling
 * profiler, cut into the renderer main thread's tasks. Prints every task over `--min` ms (default 50)
 * with what it spent its time on (self time per trace event: style recalc, layout, text shaping…, and
 * script self time by function from the profile), so a long task can be named, not guessed.
 *   --inclusive N  also the N functions with the most inclusive script time, per task and per phase
 *   --calls        the script entry points of each phase (observer callbacks, frames, timers), counted
 * Build an unminified IIFE for readable names (see bench/profile-dialog.ts) and pass it as --file.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/support/chromium.js';
import { benchDocuments, benchText, openProbePage, SCROLL_STEPS } from './dialog.js';
import { serveBench } from './server.js';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, any>;
}

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    doc: { type: 'string', default: '2' },
    throttle: { type: 'string', default: '1' },
    file: { type: 'string' },
    min: { type: 'string', default: '50' },
    inclusive: { type: 'string', default: '0' },
    calls: { type: 'boolean', default: false },
  },
});
const benchDocument = benchDocuments(root)[Number(values.doc)]!;
const text = benchText(benchDocument);
const minMs = Number(values.min);
const server = await serveBench(root, values.file ? { '/dist/assent.iife.js': resolve(values.file) } : {});
const browser = await launchChromium();

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8.execute',
  'blink',
].join(',');

/** What an event did, in a few words: its name plus the detail that tells one instance from another. */
function label(event: TraceEvent): string {
  const data = event.args?.data ?? event.args?.beginData ?? {};
  if (event.name === 'FunctionCall' || event.name === 'EvaluateScript')
    return `${event.name} ${data.functionName || '(anonymous)'} ${String(data.url ?? '')
      .split('/')
      .pop()}:${data.lineNumber ?? ''}`;
  if (event.name === 'TimerFire' || event.name === 'FireIdleCallback' || event.name === 'FireAnimationFrame')
    return event.name;
  if (event.name === 'UpdateLayoutTree') return `${event.name}`;
  return event.name;
}

/** Self time per label within one task (nested events on the same thread, by time containment). */
function breakdown(task: TraceEvent, inner: TraceEvent[]): { self: Map<string, number>; notes: string[] } {
  const self = new Map<string, number>();
  const notes: string[] = [];
  const stack: { event: TraceEvent; end: number; childMs: number }[] = [];
  const close = (until: number) => {
    while (stack.length && stack.at(-1)!.end <= until) {
      const done = stack.pop()!;
      const ms = (done.event.dur ?? 0) / 1000 - done.childMs;
      const name = label(done.event);
      self.set(name, (self.get(name) ?? 0) + ms);
      if (stack.length) stack.at(-1)!.childMs += (done.event.dur ?? 0) / 1000;
    }
  };
  for (const event of [task, ...inner]) {
    close(event.ts);
    stack.push({ event, end: event.ts + (event.dur ?? 0), childMs: 0 });
    const dur = (event.dur ?? 0) / 1000;
    if (event.name === 'UpdateLayoutTree' && dur > 5)
      notes.push(`style recalc ${dur.toFixed(1)} ms, ${event.args?.elementCount ?? '?'} elements`);
    if (event.name === 'Layout' && dur > 5) {
      const begin = event.args?.beginData ?? {};
      notes.push(
        `layout ${dur.toFixed(1)} ms, ${begin.dirtyObjects ?? '?'} of ${begin.totalObjects ?? '?'} objects dirty${begin.partialLayout ? ' (partial)' : ''}`,
      );
    }
    if (event.name === 'FunctionCall' && dur > 5) notes.push(`script ${dur.toFixed(1)} ms: ${label(event)}`);
  }
  close(Number.POSITIVE_INFINITY);
  return { self, notes };
}

interface Profile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Script self time per function between two trace timestamps, from a CDP profile taken alongside. */
function scriptIn(
  profile: Profile | undefined,
  from: number,
  to: number,
  inclusive = false,
): [string, number][] {
  if (!profile) return [];
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (at < from || at > to) return;
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') return;
    const seen = new Set<string>();
    for (
      let node: number | undefined = id;
      node !== undefined;
      node = inclusive ? parent.get(node) : undefined
    ) {
      const { functionName, url, lineNumber } = byId.get(node)!.callFrame;
      const name = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
      if (seen.has(name)) continue;
      seen.add(name);
      self.set(name, (self.get(name) ?? 0) + ms);
    }
  });
  return [...self].sort((a, b) => b[1] - a[1]);
}

/** Sampled ms whose stack is in Assent's script and not under the bench's own driver. */
function assentScript(profile: Profile | undefined, from: number, to: number): number {
  if (!profile) return 0;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (at < from || at > to) return;
    let ours = false;
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const url = byId.get(node)!.callFrame.url;
      if (url.includes('dialog-probe')) return;
      if (url.includes('assent')) ours = true;
    }
    if (ours) total += (profile.timeDeltas[index + 1] ?? 0) / 1000;
  });
  return total;
}

let profile: Profile | undefined;

function report(phase: string, events: TraceEvent[], from: number, to: number): void {
  // The renderer main thread: the CrRendererMain thread with the most events in the window.
  const names = new Map<string, string>();
  for (const event of events)
    if (event.ph === 'M' && event.name === 'thread_name')
      names.set(`${event.pid}:${event.tid}`, event.args?.name);
  const counts = new Map<string, number>();
  for (const event of events) {
    const key = `${event.pid}:${event.tid}`;
    if (names.get(key) === 'CrRendererMain' && event.ts >= from && event.ts <= to)
      counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const onMain = events
    .filter(
      (event) =>
        `${event.pid}:${event.tid}` === main && event.ph === 'X' && event.ts >= from && event.ts <= to,
    )
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // Top-level tasks only (RunTask nests inside ThreadControllerImpl::RunTask).
  const tasks: TraceEvent[] = [];
  for (const event of onMain) {
    if (event.name !== 'RunTask' && event.name !== 'ThreadControllerImpl::RunTask') continue;
    const last = tasks.at(-1);
    if (last && event.ts < last.ts + (last.dur ?? 0)) continue;
    tasks.push(event);
  }
  const long = tasks.filter((task) => (task.dur ?? 0) / 1000 > minMs);
  const busy = tasks.reduce((sum, task) => sum + (task.dur ?? 0) / 1000, 0);
  console.log(
    `\n== ${phase}: ${tasks.length} tasks, ${busy.toFixed(0)} ms busy, Assent's script ${assentScript(profile, from, to).toFixed(1)} ms, ${long.length} over ${minMs} ms, longest ${(Math.max(0, ...tasks.map((task) => task.dur ?? 0)) / 1000).toFixed(0)} ms`,
  );
  // Script over the whole phase, by function, inclusive (the browser's own work left out).
  const phaseScript = scriptIn(profile, from, to, true).filter(
    ([name]) => !/^\((root|program|garbage collector)\)/.test(name),
  );
  if (Number(values.inclusive))
    for (const [name, ms] of phaseScript.slice(0, Number(values.inclusive)))
      if (ms >= 0.3) console.log(`   ${ms.toFixed(1).padStart(7)} ms  ${name} (phase, inclusive)`);
  if (values.calls) {
    // Script entry points in the phase (callbacks the browser ran), by name: count and total ms.
    const calls = new Map<string, [number, number]>();
    for (const event of onMain) {
      if (
        ![
          'FunctionCall',
          'FireAnimationFrame',
          'TimerFire',
          'FireIdleCallback',
          'RunMicrotasks',
          'EventDispatch',
        ].includes(event.name)
      )
        continue;
      const name = label(event);
      const [count, ms] = calls.get(name) ?? [0, 0];
      calls.set(name, [count + 1, ms + (event.dur ?? 0) / 1000]);
    }
    for (const [name, [count, ms]] of [...calls].sort((a, b) => b[1][1] - a[1][1]).slice(0, 15))
      console.log(`   ${String(count).padStart(5)} × ${ms.toFixed(1).padStart(7)} ms  ${name}`);
  }
  for (const task of long) {
    const end = task.ts + (task.dur ?? 0);
    const inner = onMain.filter(
      (event) => event !== task && event.ts >= task.ts && event.ts + (event.dur ?? 0) <= end,
    );
    const { self, notes } = breakdown(task, inner);
    console.log(
      `-- task at +${((task.ts - from) / 1000).toFixed(0)} ms: ${((task.dur ?? 0) / 1000).toFixed(1)} ms`,
    );
    for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 10))
      if (ms >= 1) console.log(`   ${ms.toFixed(1).padStart(7)} ms  ${name}`);
    for (const note of notes.slice(0, 12)) console.log(`   · ${note}`);
    const script = scriptIn(profile, task.ts, end).slice(0, 12);
    if (script.length) console.log('   script self time (profile):');
    for (const [name, ms] of script) if (ms >= 1) console.log(`   ${ms.toFixed(1).padStart(7)} ms  ${name}`);
    const tree = scriptIn(profile, task.ts, end, true).slice(0, Number(values.inclusive));
    if (tree.length) console.log('   script inclusive time (profile):');
    for (const [name, ms] of tree) if (ms >= 1) console.log(`   ${ms.toFixed(1).padStart(7)} ms  ${name}`);
  }
}

try {
  const throttle = Number(values.throttle);
  const { page, session } = await openProbePage(browser, `${server.url}/bench/pages/dialog.html`, throttle);
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (message) => {
    events.push(...(message.value as unknown as TraceEvent[]));
  });
  const complete = new Promise<void>((done) => session.once('Tracing.tracingComplete', () => done()));
  await session.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  const mark = (name: string) => page.evaluate((n) => performance.mark(n), name);
  await mark('trace:open');
  const coldMs = await page.evaluate(([body, kind]) => (window as any).__dialogBench.openAssent(body, kind), [
    text,
    benchDocument.format,
  ] as const);
  // As the bench does: hide and show again, then scroll at once.
  await mark('trace:reopen');
  const warmMs = await page.evaluate(() => (window as any).__dialogBench.reopenAssent());
  await mark('trace:scroll');
  const px = await page.evaluate(
    (steps) => (window as any).__dialogBench.scroll('assent', steps),
    SCROLL_STEPS,
  );
  await mark('trace:end');
  const longTasks = await page.evaluate(() => (window as any).__dialogBench.takeLongTasks());
  profile = ((await session.send('Profiler.stop')) as unknown as { profile: Profile }).profile;
  await session.send('Tracing.end');
  await complete;
  const markAt = (name: string) => events.find((event) => event.name === name)?.ts ?? 0;
  console.log(
    `${benchDocument.id}, ${throttle}× CPU: cold open ${Math.round(coldMs)} ms, warm ${Math.round(warmMs)} ms, scrolled ${Math.round(px)} px`,
  );
  console.log(`long tasks (PerformanceObserver): ${JSON.stringify(longTasks.map(Math.round))}`);
  report('cold open', events, markAt('trace:open'), markAt('trace:reopen'));
  report('warm open (hide, show)', events, markAt('trace:reopen'), markAt('trace:scroll'));
  report('scroll end to end', events, markAt('trace:scroll'), markAt('trace:end'));
} finally {
  await browser.close();
  await server.close();
}
