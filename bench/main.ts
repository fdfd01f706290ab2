/**
 * Assent's benchmark suite (`npm run bench`, through bench/run.mjs). Everything is measured in one run
 * on one machine, so the figures worth reading are the ratios. Nothing here passes or fails.
 *
 *   --runs N         page loads per library / dialog openings per document (default 15)
 *   --only a,b       sections to run: bytes, banner, dialog, reading, external (default all)
 *   --no-write       do not write bench/results.json
 */
import { writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureBytes, type BytesResult } from './bytes.js';
import { gatherExternal, type ExternalResult } from './external.js';
import { bytesTable } from './report.js';

const root = resolve(import.meta.dirname, '..');
const SECTIONS = ['bytes', 'banner', 'dialog', 'reading', 'external'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    only: { type: 'string', default: SECTIONS.join(',') },
    'no-write': { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number.parseInt(values.runs, 10) || 15);
const only = new Set(values.only.split(',').map((name) => name.trim()) as Section[]);

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
  seconds: number;
  bytes?: BytesResult;
  external?: ExternalResult[];
}

const started = performance.now();
const machine: Machine = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  cores: cpus().length,
  memoryGB: Math.round(totalmem() / 1e9),
  os: `${process.platform} ${release()}`,
  node: process.version,
};
const results: Results = { machine, runs, seconds: 0 };
const out: string[] = [];
function print(text = ''): void {
  console.log(text);
  out.push(text);
}

if (only.has('bytes')) {
  results.bytes = await measureBytes(root);
  print('### Bytes (1 kB = 1000 B)\n');
  print(bytesTable(results.bytes));
  print();
}

if (only.has('external')) {
  results.external = await gatherExternal(root);
  for (const item of results.external) {
    print(`### ${item.name} (\`npm run ${item.script}\`)\n`);
    if (!item.available) print('not available');
    else if (!item.ok) print(`failed: ${item.error ?? 'no output'}`);
    else print(item.output ? '```\n' + item.output + '\n```' : '(printed nothing)');
    print();
  }
}

results.seconds = (performance.now() - started) / 1000;
print(
  `${machine.date.slice(0, 10)} · ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB · ${machine.os} · Node ${machine.node}` +
    `${machine.chromium ? ` · Chromium ${machine.chromium}` : ''} · ${runs} runs · ${results.seconds.toFixed(0)} s`,
);
if (!values['no-write']) {
  writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(root, 'bench/results.md'), out.join('\n') + '\n');
}
