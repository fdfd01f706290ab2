/**
 * `node bench/profile-stages.mjs PROFILE.cpuprofile [RECEIPTS]`: the receiver's V8 CPU profile (from
 * `npm run bench:receiver -- --cpu-prof DIR`) split by what each sample's stack was doing: the ECDSA
 * verification, reading the JWS, SQLite, the log, the receiver's own code, Node called from it, and
 * Node's HTTP machinery outside it. Shares are of the busy time after start-up; with RECEIPTS (the
 * receipts the process took in all, warm-up included) also time per receipt. Self time per function
 * (bench/profile-summary.mjs) cannot say this: Node's work for a request shows under Node's names.
 */
import { readFileSync } from 'node:fs';

const [file, receiptsText] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-stages.mjs PROFILE.cpuprofile [RECEIPTS]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const receipts = Number(receiptsText ?? 0);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const frame = (node) => `${node.callFrame.functionName}|${node.callFrame.url}`;
const ours = /src\/receiver\//;

/** The first stage whose test matches a sample's stack (leaf first) takes the sample. */
const stages = [
  [
    'start-up (loading modules)',
    (stack) => stack.some((f) => /esm\/(loader|module_job|hooks|translators)|cjs\/loader|tsx\/dist/.test(f)),
  ],
  ['idle', (stack) => stack[0].startsWith('(idle)')],
  ['garbage collection', (stack) => stack[0].startsWith('(garbage')],
  ['ECDSA verification', (stack) => stack.some((f) => f.startsWith('verifyOneShot|'))],
  ['tree-head signature', (stack) => stack.some((f) => f.startsWith('signOneShot|'))],
  [
    'SQLite append',
    (stack) => stack.some((f) => f.startsWith('sqliteTransaction|') || /^append\|.*sqlite\.ts/.test(f)),
  ],
  [
    'reading the JWS (decoding, JSON, RFC 8785, schema, hashes)',
    (stack) => stack.some((f) => /^(verifyUnguarded|verifyWith|parseReceipt)\|/.test(f)),
  ],
  ['Merkle tree (append, root, proofs)', (stack) => stack.some((f) => f.includes('merkle.ts'))],
  ["the log's commit batches", (stack) => stack[0].includes('src/receiver/log.ts')],
  [
    "the receiver's own code (routing, checks, answers)",
    (stack) => /src\/(receiver|receipt|verify)\//.test(stack[0]),
  ],
  [
    "Node, called from the receiver (writeHead, end and the answer's writev, hashing, hex)",
    (stack) => stack.some((f) => ours.test(f)),
  ],
  ['(program)', (stack) => stack[0].startsWith('(program)')],
  ['Node outside the receiver (HTTP parser, streams, event loop)', () => true],
];
const totals = new Map(stages.map(([name]) => [name, 0]));
for (let i = 0; i < profile.samples.length; i++) {
  const micros = profile.timeDeltas[i + 1] ?? 0;
  const stack = [];
  for (let id = profile.samples[i]; id !== undefined; id = parentOf.get(id)) stack.push(frame(byId.get(id)));
  const [name] = stages.find(([, test]) => test(stack));
  totals.set(name, totals.get(name) + micros);
}
const busy = [...totals].reduce(
  (sum, [name, micros]) => (/^(idle|start-up)/.test(name) ? sum : sum + micros),
  0,
);
process.stdout.write(`busy after start-up: ${(busy / 1e6).toFixed(2)} s sampled (wall time while running)\n`);
for (const [name, micros] of totals) {
  if (/^(idle|start-up)/.test(name)) continue;
  const perReceipt = receipts > 0 ? `${(micros / receipts).toFixed(0).padStart(5)} µs/receipt  ` : '';
  process.stdout.write(`${((micros / busy) * 100).toFixed(1).padStart(5)} %  ${perReceipt}${name}\n`);
}
