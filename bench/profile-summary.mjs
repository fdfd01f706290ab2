/**
 * `node bench/profile-summary.mjs PROFILE.cpuprofile [N]`: self time per function and per source
 * file of a V8 CPU profile (from `npm run bench:receiver -- --cpu-prof DIR`), largest first.
 */
import { readFileSync } from 'node:fs';

const [file, top = '40'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.mjs PROFILE.cpuprofile [N]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (deltas[i + 1] ?? 0));
}
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map();
const byFile = new Map();
for (const [id, micros] of selfMicros) {
  const { callFrame } = byId.get(id);
  const where = callFrame.url.replace(/^file:\/\//, '').replace(/.*\/(node_modules|src|test)\//, '$1/');
  const name = `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  const fileName = where || callFrame.functionName;
  byFile.set(fileName, (byFile.get(fileName) ?? 0) + micros);
}
const print = (title, map) => {
  process.stdout.write(`\n${title} (of ${(total / 1e6).toFixed(2)} s sampled)\n`);
  for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(top)))
    process.stdout.write(`${((micros / total) * 100).toFixed(1).padStart(5)} %  ${name}\n`);
};
print('self time by source file', byFile);
print('self time by function', byFunction);
