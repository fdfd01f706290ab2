/** Turns measured figures into the printed tables. */
import type { BannerRow } from './banner.js';
import type { BytesResult, ByteRow } from './bytes.js';
import { SCROLL_STEPS, type DialogRow } from './dialog.js';
import type { ExternalResult } from './external.js';
import { kb, ms, ratio, table } from './table.js';

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
  /** Sections this run measured (bytes, banner, dialog, reading, external). */
  sections: string[];
  seconds: number;
  bytes?: BytesResult;
  banner?: { script: string; rows: BannerRow[] };
  dialog?: { script: string; rows: DialogRow[] };
  external?: ExternalResult[];
}

/** The 25th and 75th percentiles, to show how much a median can be trusted on a busy machine. */
function quartiles(values: number[] | undefined): string {
  if (!values?.length) return '—';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))]!;
  return `${at(0.25).toFixed(0)}–${at(0.75).toFixed(0)}`;
}

function without(row: ByteRow): string {
  if (!row.contains) return '';
  const parts = [row.contains.lit ? 'Lit' : '', row.contains.i18next ? 'i18next' : ''].filter(Boolean);
  return parts.length ? `− ${parts.join(', ')}` : 'has neither';
}

/** Row notes as a list under a table, so the table itself stays narrow. */
function notes(items: { name: string; note?: string }[]): string {
  const lines = items.filter((item) => item.note).map((item) => `- ${item.name}: ${item.note}`);
  return lines.length ? `\n\n${lines.join('\n')}` : '';
}

export function bytesTable(bytes: BytesResult): string {
  const vcc = bytes.peers.find((peer) => peer.name === 'vanilla-cookieconsent')?.total?.gzip;
  const all = [...bytes.assent, ...bytes.libraries, ...bytes.peers];
  const rows = all.map((row) => [
    row.name,
    kb(row.total?.min),
    kb(row.total?.gzip),
    kb(row.total?.brotli),
    row.own ? kb(row.own.min) : '',
    row.own ? kb(row.own.gzip) : '',
    row.own ? kb(row.own.brotli) : '',
    without(row),
    ratio(row.total?.gzip, vcc),
  ]);
  return (
    table(
      [
        'bundle',
        'min kB',
        'gzip kB',
        'br kB',
        'own min',
        'own gzip',
        'own br',
        'subtracted',
        'gzip ÷ vanilla-cc',
      ],
      rows,
    ) +
    notes(all) +
    all
      .filter((row) => row.defines && row.files[0]?.startsWith('dist/'))
      .map(
        (row) =>
          `\n- ${row.files[0]} registers: ${row.defines!.length ? row.defines!.join(', ') : 'no element'}`,
      )
      .join('') +
    all
      .filter((row) => row.composition)
      .map(
        (row) =>
          `\n- ${row.name}, largest parts (min kB): ` +
          row
            .composition!.slice(0, 8)
            .map((item) => `${item.part} ${kb(item.bytes)}`)
            .join(', '),
      )
      .join('') +
    '\n- "own": the bundle less the Lit and i18next IIFEs above, when the bundle contains them ' +
    '(Lit counted with all its exports, so "own" is a lower bound).'
  );
}

export function bannerTable(rows: BannerRow[]): string {
  const floor = rows.find((row) => row.id === 'floor')?.painted;
  const assent = rows.find((row) => row.id === 'assent')?.painted;
  const peers = rows.filter((row) => row.id !== 'floor' && row.id !== 'assent' && row.painted !== undefined);
  const fastest = peers.length ? Math.min(...peers.map((row) => row.painted!)) : undefined;
  const body = rows.map((row) => [
    row.name,
    ms(row.painted),
    quartiles(row.paintedRuns),
    ms(row.visible),
    ms(row.fcp),
    `${row.longTaskLoads ?? '—'}/${row.samples}`,
    ms(row.longTaskMs, 0),
    row.layoutShiftMax === undefined ? '—' : row.layoutShiftMax.toFixed(4),
    ratio(row.painted, floor),
    ratio(assent, row.painted),
    String(row.gatedScriptRan),
    `${row.samples}/${row.samples + row.failures}`,
  ]);
  const lines = [
    table(
      [
        'library',
        'painted ms',
        'p25–p75',
        'visible ms',
        'FCP ms',
        'loads w/ long task',
        'long task ms',
        'CLS (max)',
        '÷ floor',
        'Assent ÷ it',
        'gated ran',
        'runs',
      ],
      body,
    ),
    '',
    `- Fastest peer: ${ms(fastest)} ms; Assent ÷ fastest peer = ${ratio(assent, fastest)} (goal ≤ 0.70×).`,
    "- painted: navigation start → the frame in which the banner is first laid out and visible (opacity > 0, in the viewport) has been painted; visible: that frame's layout. Medians.",
    '- loads w/ long task: loads with at least one task over 50 ms (whole page load up to 300 ms after the banner paint); long task ms: median total per load; CLS: the largest layout-shift sum seen in any run.',
    '- gated ran: times the gated analytics script ran before any choice, over all loads (must be 0).',
  ];
  for (const row of rows)
    if (row.error) lines.push(`- ${row.name}: ${row.failures} failed runs (${row.error})`);
  return lines.join('\n');
}

function docLabel(row: DialogRow): string {
  const { document } = row;
  return `${document.id} (${document.format}, ${(document.chars / 1000).toFixed(1)}k chars${document.source === 'demo' ? ', demo' : ''})`;
}

/** CPU slowdown of a row (rows from before the column existed ran at 1×). */
function cpu(row: DialogRow): string {
  return `${row.throttle ?? 1}×`;
}

/** `runs with a task over 50 ms / samples, longest ms`. */
function longTasks(runs: number | undefined, samples: number, max: number | undefined): string {
  if (runs === undefined) return '—';
  return runs ? `${runs}/${samples}, ${max?.toFixed(0)} ms` : `0/${samples}`;
}

export function dialogTable(rows: DialogRow[]): string {
  const lines = [
    table(
      [
        'document',
        'CPU',
        'Assent cold ms',
        'floor cold ms',
        'cold ÷ floor',
        'Assent warm ms',
        'floor warm ms',
        'warm ÷ floor',
        'Assent long tasks',
        'floor long tasks',
      ],
      rows.map((row) => [
        docLabel(row),
        cpu(row),
        ms(row.assent.coldOpen),
        ms(row.floor.coldOpen),
        ratio(row.assent.coldOpen, row.floor.coldOpen),
        ms(row.assent.warmOpen),
        ms(row.floor.warmOpen),
        ratio(row.assent.warmOpen, row.floor.warmOpen),
        longTasks(row.assent.openLongTaskRuns, row.assent.samples, row.assent.openLongTaskMax),
        longTasks(row.floor.openLongTaskRuns, row.floor.samples, row.floor.openLongTaskMax),
      ]),
    ),
    '',
    '- CPU: 1× is this machine; 4× is the same run under CDP `Emulation.setCPUThrottlingRate` (about a mid-range phone).',
    '- long tasks: samples with a task over 50 ms while opening (cold and warm) / samples, and the longest such task.',
    '- cold: from inserting `<agreement-dialog>` with an inline `<policy-document>` and calling `show()` (parse, render) to the painted frame with the document body and its end marker visible; floor: `innerHTML` of the same text (one `<p>` per line; HTML as is) into a native `<dialog>` + `showModal()`. Goal: cold ≤ 1.5× floor.',
    '- warm: `hide()` then `show()` again on the same dialog (floor: `close()` + `showModal()`).',
  ];
  for (const row of rows) if (row.errors.length) lines.push(`- ${row.document.id}: ${row.errors.join('; ')}`);
  return lines.join('\n');
}

export function readingTable(rows: DialogRow[]): string {
  return [
    table(
      [
        'document',
        'CPU',
        'Assent script ms',
        'div script ms',
        'script ÷ div',
        'Assent task ms',
        'div task ms',
        'task ÷ div',
        'Assent layout+style ms',
        'div layout+style ms',
        'Assent long tasks',
        'div long tasks',
      ],
      rows.map((row) => [
        docLabel(row),
        cpu(row),
        ms(row.assent.readScript, 2),
        ms(row.floor.readScript, 2),
        ratio(row.assent.readScript, row.floor.readScript),
        ms(row.assent.readTask),
        ms(row.floor.readTask),
        ratio(row.assent.readTask, row.floor.readTask),
        ms((row.assent.readLayout ?? NaN) + (row.assent.readStyle ?? NaN)),
        ms((row.floor.readLayout ?? NaN) + (row.floor.readStyle ?? NaN)),
        longTasks(row.assent.readLongTaskRuns, row.assent.samples, row.assent.readLongTaskMax),
        longTasks(row.floor.readLongTaskRuns, row.floor.samples, row.floor.readLongTaskMax),
      ]),
    ),
    '',
    `- Main-thread time (CDP Performance.getMetrics, thread ticks) while the open document is scrolled from top to bottom in ${SCROLL_STEPS} equal steps, one per frame, plus 100 ms for observers to settle; the div is the floor dialog's plain scrolling div with the same text. The scroll driver's own script is in both. Goal: script ≤ 1.1× div.`,
  ].join('\n');
}

export interface GoalInput {
  bytes?: BytesResult;
  banner?: BannerRow[];
  dialog?: DialogRow[];
}

/** The issue's goals, read from this run's figures (not asserted: a benchmark is read, not passed). */
export function goalsTable({ bytes, banner, dialog }: GoalInput): string {
  const rows: string[][] = [];
  const verdict = (met: boolean | undefined): string =>
    met === undefined ? 'not measured' : met ? 'met' : 'not met';
  if (bytes) {
    const vcc = bytes.peers.find((row) => row.name === 'vanilla-cookieconsent')?.total?.gzip;
    // The shipped IIFE when it holds the banner; until then the same path built from src/.
    const dist = bytes.assent.find((row) => row.name.startsWith('assent-banner.iife.js'));
    const fromSource = bytes.assent.find((row) => row.name.startsWith('banner path all-in from src/'));
    const row = dist?.defines?.includes('privacy-banner') ? dist : fromSource;
    if (row?.total && vcc !== undefined)
      rows.push([
        `banner JS+CSS loaded before it paints ≤ vanilla-cookieconsent (${row.name})`,
        `${kb(row.total.gzip)} kB vs ${kb(vcc)} kB gzip (${ratio(row.total.gzip, vcc)})`,
        verdict(row.total.gzip <= vcc),
      ]);
    const later = bytes.assent.find((item) => item.load === 'later');
    if (row === dist && later?.total)
      rows.push([
        'banner JS loaded later (first choice, Customise, idle outbox), for context',
        `${kb(later.total.gzip)} kB gzip`,
        'no goal',
      ]);
  }
  if (banner) {
    const assent = banner.find((row) => row.id === 'assent');
    const floor = banner.find((row) => row.id === 'floor');
    const peers = banner.filter((row) => !['floor', 'assent'].includes(row.id) && row.painted !== undefined);
    const fastest = peers.sort((a, b) => a.painted! - b.painted!)[0];
    const value = assent?.painted !== undefined && fastest ? assent.painted / fastest.painted! : undefined;
    rows.push([
      'banner time ≤ 0.7× the fastest peer',
      fastest
        ? `${ms(assent?.painted)} ms vs ${fastest.name} ${ms(fastest.painted)} ms (${ratio(assent?.painted, fastest.painted)})`
        : '—',
      verdict(value === undefined ? undefined : value <= 0.7),
    ]);
    rows.push([
      'no long task from the banner',
      assent?.longTasksMax === undefined
        ? '—'
        : `${assent.longTaskLoads}/${assent.samples} loads had one (floor: ${floor?.longTaskLoads ?? '—'}/${floor?.samples ?? '—'})`,
      verdict(assent?.longTasksMax === undefined ? undefined : assent.longTasksMax === 0),
    ]);
    rows.push([
      'zero layout shift from the banner',
      assent?.layoutShiftMax === undefined ? '—' : `largest CLS ${assent.layoutShiftMax.toFixed(4)}`,
      verdict(assent?.layoutShiftMax === undefined ? undefined : assent.layoutShiftMax === 0),
    ]);
  }
  const within = (a: number | undefined, b: number | undefined, limit: number): boolean | undefined =>
    a === undefined || b === undefined ? undefined : b === 0 ? a === 0 : a / b <= limit;
  for (const row of dialog ?? []) {
    const at = `${row.document.id}, ${cpu(row)} CPU`;
    if (row.document.repeat) {
      // The long document: its goal is no long task, opening or reading.
      const runs = (row.assent.openLongTaskRuns ?? 0) + (row.assent.readLongTaskRuns ?? 0);
      rows.push([
        `no task over 50 ms opening or scrolling (${at})`,
        longTasks(
          runs,
          row.assent.samples,
          Math.max(row.assent.openLongTaskMax ?? 0, row.assent.readLongTaskMax ?? 0),
        ),
        verdict(row.assent.openLongTaskRuns === undefined ? undefined : runs === 0),
      ]);
      continue;
    }
    rows.push([
      `dialog cold ≤ 1.5× innerHTML floor (${at})`,
      ratio(row.assent.coldOpen, row.floor.coldOpen),
      verdict(within(row.assent.coldOpen, row.floor.coldOpen, 1.5)),
    ]);
    rows.push([
      `dialog warm ≤ 1.1× floor (${at})`,
      ratio(row.assent.warmOpen, row.floor.warmOpen),
      verdict(within(row.assent.warmOpen, row.floor.warmOpen, 1.1)),
    ]);
    rows.push([
      `reading script ≤ 1.1× plain div (${at})`,
      ratio(row.assent.readScript, row.floor.readScript),
      verdict(within(row.assent.readScript, row.floor.readScript, 1.1)),
    ]);
    const layout = (side: DialogRow['assent']): number | undefined =>
      side.readLayout === undefined || side.readStyle === undefined
        ? undefined
        : side.readLayout + side.readStyle;
    rows.push([
      `reading layout+style ≤ 1.2× plain div (${at})`,
      `${ms(layout(row.assent))} vs ${ms(layout(row.floor))} ms`,
      verdict(within(layout(row.assent), layout(row.floor), 1.2)),
    ]);
  }
  return table(['goal', 'this run', ''], rows);
}

function externalSection(item: ExternalResult): string {
  const took = item.seconds === undefined ? '' : `, ${item.seconds.toFixed(0)} s`;
  const lines = [`### ${item.name} (\`npm run ${item.script}\`${took})`, ''];
  if (!item.available) lines.push('not available');
  else if (!item.ok) lines.push(`failed: ${item.error ?? 'no output'}`);
  if (item.available && item.output)
    lines.push(...(item.ok ? [] : ['', 'What it printed before that:', '']), '```', item.output, '```');
  else if (item.ok) lines.push('(printed nothing)');
  return lines.join('\n');
}

/** The whole report, as printed after a run and copied into the README. */
export function renderReport(results: Results): string {
  const { machine, runs } = results;
  const sections = new Set(results.sections ?? ['bytes', 'banner', 'dialog', 'reading', 'external']);
  const parts: string[] = [];
  if (results.bytes) parts.push('### Bytes (1 kB = 1000 B)\n\n' + bytesTable(results.bytes));
  if (results.banner)
    parts.push(
      `### Banner: navigation → banner painted (median of ${runs}, headless Chromium, interleaved)\n\n` +
        bannerTable(results.banner.rows) +
        `\n- Assent loaded from ${results.banner.script}.`,
    );
  if (results.dialog && sections.has('dialog'))
    parts.push(
      `### Agreement dialog: open → content painted (median of ${runs})\n\n` +
        dialogTable(results.dialog.rows) +
        `\n- Assent loaded from ${results.dialog.script}.`,
    );
  if (results.dialog && sections.has('reading'))
    parts.push(
      `### Reading cost: scrolling the document end to end (median of ${runs})\n\n` +
        readingTable(results.dialog.rows),
    );
  for (const item of results.external ?? []) parts.push(externalSection(item));
  parts.push(
    '### Goals (read from this run)\n\n' +
      goalsTable({ bytes: results.bytes, banner: results.banner?.rows, dialog: results.dialog?.rows }),
  );
  parts.push(
    `${machine.date.slice(0, 10)} · ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB · ${machine.os} · Node ${machine.node}` +
      `${machine.chromium ? ` · Chromium ${machine.chromium}` : ''} · ${runs} runs · ${results.seconds.toFixed(0)} s`,
  );
  return parts.join('\n\n');
}
