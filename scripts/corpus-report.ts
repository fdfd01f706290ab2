/**
 * `npm run corpus:report`: the parser's outline of every corpus document against its hand-checked
 * outline (test/fixtures/corpus/<file>.outline.json): headings expected and found, matched, at the
 * right level, precision, recall, and every miss. Exits 1 below the goal (GOAL of corpus-outline.ts).
 */
import { GOAL, scoreCorpus } from '../test/document/corpus-outline.js';
import { installJsdom } from '../test/document/corpus.js';

installJsdom();
const corpus = scoreCorpus();
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const rows = corpus.documents.map((doc) => [
  doc.file,
  String(doc.expected),
  String(doc.found),
  String(doc.matched),
  String(doc.levelsRight),
  percent(doc.precision),
  percent(doc.recall),
]);
rows.push([
  'total',
  String(corpus.expected),
  String(corpus.found),
  String(corpus.matched),
  String(corpus.levelsRight),
  percent(corpus.precision),
  percent(corpus.recall),
]);
const header = ['document', 'expected', 'found', 'matched', 'levels right', 'precision', 'recall'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: string[]) =>
  `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
console.log(line(header));
console.log(`| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`);
for (const row of rows) console.log(line(row));
console.log('');
for (const doc of corpus.documents) {
  if (doc.misses.length === 0) continue;
  console.log(`${doc.file}:`);
  for (const miss of doc.misses) console.log(`  ${miss}`);
}
if (corpus.unchecked.length > 0) console.log(`\nwithout an outline: ${corpus.unchecked.join(', ')}`);
console.log(
  `\n${corpus.documents.length} documents; headings found at the right level: ${corpus.levelsRight} of ${corpus.expected} = ${percent(corpus.score)} (goal ${percent(GOAL)}); precision ${percent(corpus.precision)}, recall ${percent(corpus.recall)}`,
);
process.exitCode = corpus.score >= GOAL && corpus.unchecked.length === 0 ? 0 : 1;
