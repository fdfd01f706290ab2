/**
 * `npm run bench:receiver`: verified receipts per second and latency of the reference receiver on
 * loopback. The receiver runs in its own process (as in production); autocannon posts pre-generated,
 * unique, signed receipts (every answer should be a 201: a duplicate would measure the cheaper 200
 * path), for a bounded time. Baseline in the same run: GET of an unknown id (HTTP + one SQLite
 * lookup, no crypto), so the ratio shows what verifying, countersigning and storing cost.
 *
 * Human-readable lines go to stderr; one JSON summary goes to stdout (bench/external.ts reads it).
 * Options: --seconds N (default 8), --connections N (default 16), --workers N receiver processes (default 1).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { NodeSigner } from '../test/support/mint.js';
import { startReceiverProcess } from '../test/support/receiver-process.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const seconds = option('seconds', 8);
const connections = option('connections', 16);
const workers = option('workers', 1);
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
 * CPU seconds (user + system) used so far by the receiver process and its cluster workers, from
 * /proc: a figure that does not depend on what else the shared machine is doing.
 */
function receiverCpuSeconds(pid: number): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const ticksPerSecond = 100;
  const stat = (id: number | string) => {
    const text = readFileSync(`/proc/${id}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  };
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = stat(entry);
      // Fields after the command name: state(0) ppid(1) ... utime(11) stime(12).
      if (Number(entry) === pid || Number(fields[1]) === pid)
        ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / ticksPerSecond;
}

function run(options: CannonOptions): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'assent-bench-'));
const { child, url } = await startReceiverProcess({ dataDir, workers });
try {
  // Enough unique receipts for the run even at twice the goal, from 64 simulated browsers.
  const count = Math.ceil(seconds * 12_000);
  const generationStarted = performance.now();
  const signers = Array.from({ length: 64 }, () => new NodeSigner());
  const bodies = Array.from({ length: count }, (_, index) => signers[index % signers.length]!.next().jws);
  log(
    `generated ${count} signed receipts in ${((performance.now() - generationStarted) / 1000).toFixed(1)} s`,
  );

  // Warm-up (JIT, SQLite page cache): a handful of receipts not counted.
  for (const body of bodies.splice(0, 200)) {
    await fetch(`${url}/api/receipts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/jose' },
      body,
    });
  }

  const baseline = await run({
    url: `${url}/api/receipts/00000000-0000-4000-8000-000000000000`,
    connections,
    duration: Math.max(2, Math.round(seconds / 3)),
  });

  let next = 0;
  const cpuBefore = receiverCpuSeconds(child.pid!);
  const loadBefore = loadavg()[0]!;
  const result = await run({
    url: `${url}/api/receipts`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const body = bodies[next++ % bodies.length]!;
          return { ...request, body, headers: { ...request.headers, 'content-type': 'application/jose' } };
        },
      },
    ],
  });

  const cpuAfter = receiverCpuSeconds(child.pid!);
  const stats = result.statusCodeStats ?? {};
  const created = stats['201']?.count ?? 0;
  const elapsed = result.duration;
  const receiptsPerSecond = created / elapsed;
  const stored = (await (await fetch(`${url}/api/receipts?limit=1`)).headers.get('x-total-count')) ?? '?';
  const summary = {
    cores: availableParallelism(),
    loadAverageBefore: Number(loadBefore.toFixed(1)),
    receiverWorkers: workers,
    seconds: elapsed,
    connections,
    created,
    otherStatuses: Object.fromEntries(
      Object.entries(stats)
        .filter(([code]) => code !== '201')
        .map(([code, { count: n }]) => [code, n]),
    ),
    errors: result.errors,
    timeouts: result.timeouts,
    storedTotal: Number(stored),
    receiptsPerSecond: Math.round(receiptsPerSecond),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    baseline: {
      what: 'GET unknown id (HTTP + SQLite lookup, no crypto)',
      requestsPerSecond: Math.round(baseline.requests.average),
      latencyMs: { p50: baseline.latency.p50, p99: baseline.latency.p99 },
    },
    ratioToBaseline: Number((receiptsPerSecond / baseline.requests.average).toFixed(2)),
    ...(cpuBefore !== undefined && cpuAfter !== undefined && created > 0
      ? {
          receiverCpuMicrosecondsPerReceipt: Math.round(((cpuAfter - cpuBefore) * 1e6) / created),
          receiptsPerCpuSecond: Math.round(created / (cpuAfter - cpuBefore)),
        }
      : {}),
    goal: { receiptsPerSecond: 5000, p99Ms: 20 },
  };
  log(
    `receiver bench (${summary.cores} cores, ${workers} receiver process(es), ${connections} connections, ${elapsed} s)`,
  );
  log(
    `  verified + countersigned + stored: ${summary.receiptsPerSecond} receipts/s (201s: ${created}; other: ${JSON.stringify(summary.otherStatuses)})`,
  );
  log(
    `  latency p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms (goal ≥ 5000/s, p99 ≤ 20 ms)`,
  );
  log(
    `  baseline ${summary.baseline.what}: ${summary.baseline.requestsPerSecond} req/s, p99 ${summary.baseline.latencyMs.p99} ms`,
  );
  log(`  ratio receipts/s : baseline req/s = ${summary.ratioToBaseline}`);
  if (summary.receiverCpuMicrosecondsPerReceipt !== undefined) {
    log(
      `  receiver CPU: ${summary.receiverCpuMicrosecondsPerReceipt} µs per receipt = ${summary.receiptsPerCpuSecond} receipts per CPU-second ` +
        `(load average now ${loadavg()[0]!.toFixed(1)} on ${summary.cores} cores)`,
    );
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
