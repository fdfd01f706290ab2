/** Markdown tables for the console and the README (one format, so the README copies the run as is). */

export type Cell = string | number;

export function table(header: string[], rows: Cell[][]): string {
  const text = rows.map((row) => row.map(String));
  const widths = header.map((title, i) =>
    Math.max(title.length, ...text.map((row) => (row[i] ?? '').length)),
  );
  const numeric = header.map(
    (_, i) => text.length > 0 && text.every((row) => /^[-+~≈<>×—0-9., %ms]*$/.test(row[i] ?? '')),
  );
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((width, i) => (numeric[i] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(header), rule, ...text.map(line)].join('\n');
}

/** Bytes as kB (1 kB = 1000 bytes, as the issues quote them). */
export function kb(bytes: number | undefined): string {
  return bytes === undefined ? '—' : (bytes / 1000).toFixed(1);
}

export function ms(value: number | undefined, digits = 1): string {
  return value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);
}

/** `a / b` as `0.42×`; a dash when either side is missing. */
export function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '—';
  return `${(a / b).toFixed(2)}×`;
}
