/**
 * `npm run bench:receiver`: verified + stored receipts per second and latency of the receiver on
 * loopback, on SQLite and on PostgreSQL (a throwaway local server, skipped when not installed). The
 * receiver runs in its own process (as in production); a lean keep-alive client (bench/http-load.ts,
 * or autocannon with `--client autocannon`) posts pre-generated, unique, signed receipts (every
 * answer should be a 201: a duplicate would measure the cheaper 200 path), for a bounded time. Baseline in the same run and on the same store: GET of an unknown receipt's proof
 * (HTTP + one store lookup, no crypto), so the ratio shows what verifying, logging and storing cost.
 * Tree-head signing: how many receipts shared one signed head (the receiver's own count), and the
 * cost of one head signature and one inclusion proof measured here.
 *
 * Human-readable lines go to stderr; one JSON summary goes to stdout (bench/external.ts reads it).
 * Options: --seconds N (default 8), --connections N (default 16), --workers N receiver processes
 * (default 1), --commit-window-ms N (the receiver's `--commit-window-ms`, default 0), --store sqlite|postgres|both (default both), --cpu-prof DIR (the receiver process
 * writes a V8 CPU profile there on exit: open it in Chrome DevTools, or `node bench/profile-summary.mjs`),
 * --client lean|autocannon (default lean: the load generator shares the cores, so it should cost little),
 * --no-floor (skip the floor: node:http + one ES256 verification per receipt, bench/verify-floor-server.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { NodeSigner } from '../test/support/mint.js';
import { startReceiverProcess } from '../test/support/receiver-process.js';
import { postgresUnavailable, startPostgres, type Postgres } from '../test/support/postgres.js';
import { MerkleTree, leafHash } from '../src/receipt/merkle.js';
import { ReceiverKey } from '../src/receiver/log.js';
import { nodeCrypto } from '../src/receiver/server.js';
import { verifyWith, type VerifyCrypto } from '../src/verify/check.js';
import { httpRequest, load, type LoadResult } from './http-load.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const seconds = option('seconds', 8);
const connections = option('connections', 16);
const workers = option('workers', 1);
const commitWindowMs = option('commit-window-ms', 0);
const storeIndex = process.argv.indexOf('--store');
const storeChoice = storeIndex > 0 ? process.argv[storeIndex + 1] : 'both';
const profileIndex = process.argv.indexOf('--cpu-prof');
const profileDir = profileIndex > 0 ? process.argv[profileIndex + 1] : undefined;
const clientIndex = process.argv.indexOf('--client');
const client = clientIndex > 0 ? process.argv[clientIndex + 1] : 'lean';
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The part of autocannon's API used here (the package ships no types). */
interface CannonRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface CannonOptions {
  url: string;
  connections: number;
  duration: number;
  requests?: { method: string; setupRequest: (request: CannonRequest) => CannonRequest }[];
}
interface CannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  requests: { average: number };
  latency: { p50: number; p99: number; max: number };
  statusCodeStats?: Record<string, { count: number }>;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: CannonOptions,
  done: (error: Error | null, result: CannonResult) => void,
) => unknown;

/**
 * CPU seconds used so far by the receiver process and its cluster workers (user, system), from
 * /proc: figures that do not depend on what else the shared machine is doing.
 */
function receiverCpu(pid: number): { user: number; system: number } | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const ticksPerSecond = 100;
  const stat = (id: number | string) => {
    const text = readFileSync(`/proc/${id}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  };
  let user = 0;
  let system = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = stat(entry);
      // Fields after the command name: state(0) ppid(1) ... utime(11) stime(12).
      if (Number(entry) === pid || Number(fields[1]) === pid) {
        user += Number(fields[11]);
        system += Number(fields[12]);
      }
    } catch {
      // The process ended meanwhile.
    }
  }
  return { user: user / ticksPerSecond, system: system / ticksPerSecond };
}

function receiverCpuSeconds(pid: number): number | undefined {
  const cpu = receiverCpu(pid);
  return cpu && cpu.user + cpu.system;
}

function cannon(options: CannonOptions): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** One load run with the chosen client: GET `path`, or POST each of `bodies` in turn. */
async function run(origin: string, path: string, bodies?: readonly string[]): Promise<LoadResult> {
  const duration = bodies ? seconds : Math.max(2, Math.round(seconds / 3));
  let next = 0;
  if (client === 'autocannon') {
    const result = await cannon({
      url: `${origin}${path}`,
      connections,
      duration,
      ...(bodies
        ? {
            requests: [
              {
                method: 'POST',
                setupRequest: (request: CannonRequest) => ({
                  ...request,
                  body: bodies[next++ % bodies.length]!,
                  headers: { ...request.headers, 'content-type': 'application/jose' },
                }),
              },
            ],
          }
        : {}),
    });
    return {
      duration: result.duration,
      requests: Math.round(result.requests.average * result.duration),
      statuses: Object.fromEntries(
        Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]),
      ),
      errors: result.errors + result.timeouts,
      latencyMs: result.latency,
    };
  }
  const get = httpRequest('GET', origin, path);
  return load({
    origin,
    connections,
    seconds: duration,
    request: bodies
      ? (n) =>
          httpRequest('POST', origin, path, { 'Content-Type': 'application/jose' }, bodies[n % bodies.length])
      : () => get,
  });
}

const READ_TOKEN = 'bench-read-token';

/** Signed receipts enough for a run even at twice the goal, from 64 simulated browsers. */
function generate(count: number): string[] {
  const generationStarted = performance.now();
  const signers = Array.from({ length: 64 }, () => new NodeSigner());
  const bodies = Array.from({ length: count }, (_, index) => signers[index % signers.length]!.next().jws);
  log(
    `generated ${count} signed receipts in ${((performance.now() - generationStarted) / 1000).toFixed(1)} s`,
  );
  return bodies;
}

async function benchStore(kind: 'sqlite' | 'postgres', bodies: string[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'assent-bench-'));
  let postgres: Postgres | undefined;
  // PostgreSQL with synchronous_commit off: the durability of SQLite's WAL + synchronous=NORMAL.
  if (kind === 'postgres') postgres = await startPostgres({ synchronous_commit: 'off' });
  const statsFile = join(dataDir, 'stats.json');
  const { child, url } = await startReceiverProcess({
    dataDir,
    workers,
    nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
    env: {
      ASSENT_READ_TOKEN: READ_TOKEN,
      RECEIVER_STATS_FILE: statsFile,
      RECEIVER_COMMIT_WINDOW_MS: String(commitWindowMs),
      ...(postgres ? { ASSENT_DB_URL: postgres.url } : {}),
    },
  });
  try {
    // Warm-up (JIT, page cache): a handful of receipts not counted.
    for (const body of bodies.splice(0, 200)) {
      await fetch(`${url}/api/receipts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/jose' },
        body,
      });
    }
    const baselineCpuBefore = receiverCpuSeconds(child.pid!);
    const baseline = await run(url, '/api/receipts/00000000-0000-4000-8000-000000000000/proof');
    const baselineCpuAfter = receiverCpuSeconds(child.pid!);
    const baselineRequestsPerSecond = baseline.requests / baseline.duration;
    const baselineCpuMicroseconds =
      baselineCpuBefore !== undefined && baselineCpuAfter !== undefined && baseline.requests > 0
        ? Math.round(((baselineCpuAfter - baselineCpuBefore) * 1e6) / baseline.requests)
        : undefined;
    const splitBefore = receiverCpu(child.pid!);
    const cpuBefore = receiverCpuSeconds(child.pid!);
    // The load generator runs in this process: its CPU is its share of the 2 cores.
    const generatorBefore = process.cpuUsage();
    const loadBefore = loadavg()[0]!;
    const result = await run(url, '/api/receipts', bodies);
    const cpuAfter = receiverCpuSeconds(child.pid!);
    const splitAfter = receiverCpu(child.pid!);
    const generatorCpu = process.cpuUsage(generatorBefore);
    const generatorCpuSeconds = (generatorCpu.user + generatorCpu.system) / 1e6;
    const stats = result.statuses;
    const created = stats['201'] ?? 0;
    const elapsed = result.duration;
    const receiptsPerSecond = created / elapsed;
    const stored = (
      await fetch(`${url}/api/receipts?limit=1`, { headers: { Authorization: `Bearer ${READ_TOKEN}` } })
    ).headers.get('x-total-count');
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    // One file per process: stats.json, or stats.json.<worker id> with --workers.
    const statsFiles = readdirSync(dataDir).filter((name) => name.startsWith('stats.json'));
    const perProcess = statsFiles.map(
      (name) =>
        JSON.parse(readFileSync(join(dataDir, name), 'utf8')) as {
          batches: number;
          receipts: number;
          heads: number;
        },
    );
    const logStats =
      perProcess.length > 0
        ? perProcess.reduce((sum, each) => ({
            batches: sum.batches + each.batches,
            receipts: sum.receipts + each.receipts,
            heads: sum.heads + each.heads,
          }))
        : undefined;
    const summary = {
      store: kind,
      loadAverageBefore: Number(loadBefore.toFixed(1)),
      seconds: elapsed,
      client: client === 'autocannon' ? 'autocannon' : 'bench/http-load.ts',
      created,
      otherStatuses: Object.fromEntries(
        Object.entries(stats)
          .filter(([code]) => code !== '201')
          .map(([code, n]) => [code, n]),
      ),
      errors: result.errors,
      storedTotal: Number(stored),
      receiptsPerSecond: Math.round(receiptsPerSecond),
      latencyMs: result.latencyMs,
      baseline: {
        what: 'GET proof of an unknown id (HTTP + one store lookup, no crypto)',
        requestsPerSecond: Math.round(baselineRequestsPerSecond),
        latencyMs: { p50: baseline.latencyMs.p50, p99: baseline.latencyMs.p99 },
        ...(baselineCpuMicroseconds !== undefined
          ? { receiverCpuMicrosecondsPerRequest: baselineCpuMicroseconds }
          : {}),
      },
      ratioToBaseline: Number((receiptsPerSecond / baselineRequestsPerSecond).toFixed(2)),
      ...(cpuBefore !== undefined && cpuAfter !== undefined && created > 0
        ? {
            receiverCpuMicrosecondsPerReceipt: Math.round(((cpuAfter - cpuBefore) * 1e6) / created),
            receiptsPerCpuSecond: Math.round(created / (cpuAfter - cpuBefore)),
            // The kernel's part (loopback TCP, both ends of each packet, the WAL's writes).
            receiverSystemCpuShare: Number(
              ((splitAfter!.system - splitBefore!.system) / (cpuAfter - cpuBefore)).toFixed(2),
            ),
          }
        : {}),
      loadGenerator: {
        cpuSecondsPerSecond: Number((generatorCpuSeconds / elapsed).toFixed(2)),
        cpuMicrosecondsPerRequest: Math.round((generatorCpuSeconds * 1e6) / Math.max(1, result.requests)),
      },
      ...(cpuBefore !== undefined && cpuAfter !== undefined
        ? { receiverCpuSecondsPerSecond: Number(((cpuAfter - cpuBefore) / elapsed).toFixed(2)) }
        : {}),
      ...(logStats
        ? {
            treeHeads: {
              signed: logStats.heads,
              commitBatches: logStats.batches,
              receiptsPerHead: Number((logStats.receipts / Math.max(1, logStats.heads)).toFixed(1)),
              // With --workers: how the connections (and so the receipts) spread over the processes.
              receiptsPerProcess: perProcess.map(({ receipts }) => receipts),
            },
          }
        : {}),
    };
    log(
      `${kind}: ${workers} receiver process(es), commit window ${commitWindowMs} ms, ${connections} connections, ${elapsed} s, load average ${summary.loadAverageBefore}`,
    );
    log(
      `  verified + logged + stored: ${summary.receiptsPerSecond} receipts/s (201s: ${created}; other: ${JSON.stringify(summary.otherStatuses)})`,
    );
    log(
      `  latency p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms (goal ≥ 5000/s, p99 ≤ 20 ms on SQLite)`,
    );
    log(
      `  baseline ${summary.baseline.what}: ${summary.baseline.requestsPerSecond} req/s, p99 ${summary.baseline.latencyMs.p99} ms` +
        (baselineCpuMicroseconds !== undefined
          ? `, receiver CPU ${baselineCpuMicroseconds} µs per request`
          : ''),
    );
    log(`  ratio receipts/s : baseline req/s = ${summary.ratioToBaseline}`);
    if (summary.receiverCpuMicrosecondsPerReceipt !== undefined) {
      log(
        `  receiver CPU: ${summary.receiverCpuMicrosecondsPerReceipt} µs per receipt = ${summary.receiptsPerCpuSecond} receipts per CPU-second (kernel ${Math.round(summary.receiverSystemCpuShare! * 100)} %)`,
      );
    }
    log(
      `  CPU share of the ${availableParallelism()} cores: receiver ${summary.receiverCpuSecondsPerSecond ?? '?'} CPU-s/s, ` +
        `load generator (${summary.client}, this process) ${summary.loadGenerator.cpuSecondsPerSecond} CPU-s/s = ${summary.loadGenerator.cpuMicrosecondsPerRequest} µs per request`,
    );
    if (summary.treeHeads) {
      log(
        `  tree heads: ${summary.treeHeads.signed} signed for ${logStats!.receipts} receipts in ${summary.treeHeads.commitBatches} commit batches = ${summary.treeHeads.receiptsPerHead} receipts per signature` +
          (workers > 1 ? `; receipts per process: ${summary.treeHeads.receiptsPerProcess.join(', ')}` : ''),
      );
    }
    return summary;
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The floor (bench/verify-floor-server.ts): node:http and one ES256 verification per receipt,
 * nothing else, with as many processes as the receiver and the same receipts and client. What no
 * receiver written on Node's HTTP server can beat on this machine.
 */
async function benchFloor(bodies: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/verify-floor-server.ts'], {
    env: { ...process.env, FLOOR_WORKERS: String(workers) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /\{"port":(\d+)\}/.exec(output);
        if (match) resolve(`http://127.0.0.1:${match[1]}`);
      });
      child.once('exit', (code) => reject(new Error(`floor server exited early (${code})`)));
    });
    for (const body of bodies.splice(0, 200)) {
      await fetch(`${url}/api/receipts`, { method: 'POST', body });
    }
    const cpuBefore = receiverCpuSeconds(child.pid!);
    const loadBefore = loadavg()[0]!;
    const result = await run(url, '/api/receipts', bodies);
    const cpuAfter = receiverCpuSeconds(child.pid!);
    const verified = result.statuses['201'] ?? 0;
    const summary = {
      what: 'node:http + one ES256 verification per receipt, nothing else',
      loadAverageBefore: Number(loadBefore.toFixed(1)),
      receiptsPerSecond: Math.round(verified / result.duration),
      refused: result.requests - verified,
      latencyMs: result.latencyMs,
      ...(cpuBefore !== undefined && cpuAfter !== undefined && verified > 0
        ? {
            cpuMicrosecondsPerReceipt: Math.round(((cpuAfter - cpuBefore) * 1e6) / verified),
            cpuSecondsPerSecond: Number(((cpuAfter - cpuBefore) / result.duration).toFixed(2)),
          }
        : {}),
    };
    log(
      `floor (${summary.what}), ${workers} process(es), ${connections} connections, load average ${summary.loadAverageBefore}: ` +
        `${summary.receiptsPerSecond} receipts/s, p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms` +
        (summary.cpuMicrosecondsPerReceipt !== undefined
          ? `, ${summary.cpuMicrosecondsPerReceipt} µs CPU per receipt, ${summary.cpuSecondsPerSecond} CPU-s/s`
          : ''),
    );
    return summary;
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  }
}

/**
 * In this process, in CPU time (so less at the mercy of the shared machine than the rates above):
 * what reading one receipt costs with and without its ECDSA verification, and the verification alone.
 */
async function receiptSteps(receipts: readonly string[]) {
  const sample = receipts.slice(0, 3000);
  const cpuMicroseconds = async (work: (jws: string) => unknown) => {
    for (const jws of sample.slice(0, 300)) await work(jws);
    const before = process.cpuUsage();
    for (const jws of sample) await work(jws);
    const used = process.cpuUsage(before);
    return Number(((used.user + used.system) / sample.length).toFixed(1));
  };
  const withoutEcdsa: VerifyCrypto = { ...nodeCrypto, verifyEs256: () => true };
  const figures = {
    readAndVerifyMicroseconds: await cpuMicroseconds((jws) => verifyWith(nodeCrypto, jws)),
    readWithoutEcdsaMicroseconds: await cpuMicroseconds((jws) => verifyWith(withoutEcdsa, jws)),
  };
  log(
    `one receipt in this process (CPU): read and verified ${figures.readAndVerifyMicroseconds} µs, ` +
      `of which everything but the ECDSA verification (decoding, RFC 8785, schema, hashing) ${figures.readWithoutEcdsaMicroseconds} µs`,
  );
  return figures;
}

/** In this process: one head signature and one inclusion proof, against per-receipt signing. */
function signingFigures() {
  const key = new ReceiverKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  const time = (rounds: number, work: (round: number) => void) => {
    for (let round = 0; round < Math.min(rounds, 200); round++) work(round);
    const started = performance.now();
    for (let round = 0; round < rounds; round++) work(round);
    return ((performance.now() - started) * 1000) / rounds;
  };
  const signMicroseconds = time(2000, (round) =>
    key.sign({
      log: key.kid,
      treeSize: round,
      rootHash: 'a'.repeat(64),
      timestamp: new Date().toISOString(),
    }),
  );
  const size = 100_000;
  const tree = new MerkleTree();
  for (let index = 0; index < size; index++)
    tree.append(leafHash(new Uint8Array([index & 255, index >> 8, index >> 16])));
  const proofMicroseconds = time(5000, (round) => tree.inclusionProof((round * 7919) % size, size));
  const appendMicroseconds = time(5000, (round) => tree.append(leafHash(new Uint8Array([round & 255, 7]))));
  const figures = {
    headSignatureMicroseconds: Number(signMicroseconds.toFixed(1)),
    inclusionProofMicroseconds: Number(proofMicroseconds.toFixed(1)),
    appendMicroseconds: Number(appendMicroseconds.toFixed(1)),
    treeSize: size,
  };
  log(
    `tree heads in this process: one ES256 head signature ${figures.headSignatureMicroseconds} µs (per receipt before: one such signature each); ` +
      `inclusion proof at ${size} leaves ${figures.inclusionProofMicroseconds} µs; leaf append ${figures.appendMicroseconds} µs`,
  );
  return figures;
}

const kinds = (storeChoice === 'both' ? ['sqlite', 'postgres'] : [storeChoice]) as ('sqlite' | 'postgres')[];
const pgMissing = postgresUnavailable();
const results: Record<string, unknown> = {
  cores: availableParallelism(),
  receiverWorkers: workers,
  commitWindowMs,
  connections,
  goal: { receiptsPerSecond: 5000, p99Ms: 20, postgresWithin: 2 },
};
// Generated once: each store starts empty, so the same receipts are new to both.
let signed: string[] | undefined;
if (!process.argv.includes('--no-floor')) {
  signed = generate(Math.ceil(seconds * 12_000));
  results.floor = await benchFloor([...signed]);
}
for (const kind of kinds) {
  if (kind === 'postgres' && pgMissing) {
    log(`postgres: skipped (${pgMissing})`);
    results.postgres = { skipped: pgMissing };
    continue;
  }
  signed ??= generate(Math.ceil(seconds * 12_000));
  results[kind] = await benchStore(kind, [...signed]);
}
const sqlite = results.sqlite as { receiptsPerSecond?: number } | undefined;
const postgres = results.postgres as { receiptsPerSecond?: number } | undefined;
if (sqlite?.receiptsPerSecond && postgres?.receiptsPerSecond) {
  results.postgresToSqlite = Number((postgres.receiptsPerSecond / sqlite.receiptsPerSecond).toFixed(2));
  log(`PostgreSQL : SQLite receipts/s = ${results.postgresToSqlite}`);
}
const floor = results.floor as { receiptsPerSecond?: number } | undefined;
if (floor?.receiptsPerSecond && sqlite?.receiptsPerSecond) {
  results.sqliteToFloor = Number((sqlite.receiptsPerSecond / floor.receiptsPerSecond).toFixed(2));
  log(`SQLite receiver : floor receipts/s = ${results.sqliteToFloor}`);
}
results.signing = signingFigures();
if (signed) results.receiptSteps = await receiptSteps(signed);
log(
  `load average now ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores (the machine is shared: compare ratios)`,
);
process.stdout.write(`${JSON.stringify(results)}\n`);
