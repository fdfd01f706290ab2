/** Turns measured figures into the printed tables. */
import type { BannerRow } from './banner.js';
import type { BytesResult, ByteRow } from './bytes.js';
import { kb, ms, ratio, table } from './table.js';

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
    ms(row.visible),
    ms(row.fcp),
    ms(row.longTasks, 0),
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
        'visible ms',
        'FCP ms',
        'long tasks',
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
    '- long tasks: median count and total duration per load (whole page load up to 500 ms after the banner paint); CLS: the largest layout-shift sum seen in any run.',
    '- gated ran: times the gated analytics script ran before any choice, over all loads (must be 0).',
  ];
  for (const row of rows)
    if (row.error) lines.push(`- ${row.name}: ${row.failures} failed runs (${row.error})`);
  return lines.join('\n');
}
