/** Turns measured figures into the printed tables. */
import type { BytesResult, ByteRow } from './bytes.js';
import { kb, ratio, table } from './table.js';

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
