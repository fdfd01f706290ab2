/**
 * `assent serve`: the receiver as a program. Every option has a flag and an environment variable
 * (the flag wins); `--db` (or ASSENT_DB_URL) `postgres://…` selects PostgreSQL, otherwise SQLite in
 * the data directory. The log's key is DIR/receiver-key.pem in both cases (receivers sharing one
 * PostgreSQL share that file). `--workers N` runs N processes on one port (node:cluster) sharing the
 * store. Runs until SIGINT or SIGTERM.
 */
import cluster from 'node:cluster';
import type { JsonWebKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ReceiverKey } from './log.js';
import { postgresStore } from './postgres.js';
import { startReceiver, type StartOptions } from './server.js';
import { sqliteStore } from './sqlite.js';

export const SERVE_USAGE =
  '  assent serve [--host 127.0.0.1] [--port 8787] [--data-dir DIR] [--db URL] [--read-token-file FILE] [--allowed-hosts a,b] [--cors ORIGINS]\n' +
  '               [--rate-limit PER_SECOND[:BURST]] [--quota-bytes-per-key N] [--max-connections N]\n' +
  '               [--headers-timeout-ms N] [--request-timeout-ms N] [--body-timeout-ms N]\n' +
  '               [--host-key-file JWK_FILE] [--workers N] [--commit-window-ms N] [--db-pool-size N] [--accept-unsigned]\n' +
  '               (each also as an environment variable: --rate-limit is ASSENT_RATE_LIMIT, and so on)';

/** Every flag and its environment variable. */
export const SERVE_OPTIONS = {
  '--host': 'ASSENT_HOST',
  '--port': 'ASSENT_PORT',
  '--data-dir': 'ASSENT_DATA_DIR',
  '--db': 'ASSENT_DB_URL',
  '--read-token-file': 'ASSENT_READ_TOKEN_FILE',
  '--allowed-hosts': 'ASSENT_ALLOWED_HOSTS',
  '--cors': 'ASSENT_CORS',
  '--rate-limit': 'ASSENT_RATE_LIMIT',
  '--quota-bytes-per-key': 'ASSENT_QUOTA_BYTES_PER_KEY',
  '--max-connections': 'ASSENT_MAX_CONNECTIONS',
  '--headers-timeout-ms': 'ASSENT_HEADERS_TIMEOUT_MS',
  '--request-timeout-ms': 'ASSENT_REQUEST_TIMEOUT_MS',
  '--body-timeout-ms': 'ASSENT_BODY_TIMEOUT_MS',
  '--host-key-file': 'ASSENT_HOST_KEY_FILE',
  '--workers': 'ASSENT_WORKERS',
  '--commit-window-ms': 'ASSENT_COMMIT_WINDOW_MS',
  '--db-pool-size': 'ASSENT_DB_POOL_SIZE',
  '--accept-unsigned': 'ASSENT_ACCEPT_UNSIGNED',
} as const;
type Flag = keyof typeof SERVE_OPTIONS;
/** Flags that take no value (their variable is `1` or `0`). */
const SWITCHES: ReadonlySet<Flag> = new Set(['--accept-unsigned']);

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const DEFAULT_SERVE_DATA_DIR = 'assent-data';

/** What `assent serve` runs: the receiver's options and the program's own. */
export interface ServeConfig {
  start: StartOptions & { port: number; host: string; dataDir: string };
  dbUrl: string | undefined;
  dbPoolSize: number | undefined;
  workers: number;
  /** ASSENT_STATS_FILE: the log's counts written there on exit (the benchmark). */
  statsFile: string | undefined;
}

class UsageError extends Error {}

/**
 * Reads flags, then the environment, into a configuration; a bad value is a `{ error }` naming the
 * flag and its variable. Pure but for reading the files it is pointed at.
 */
export function readServeConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ServeConfig | { error: string } {
  try {
    return readConfig(argv, env);
  } catch (error) {
    if (error instanceof UsageError) return { error: error.message };
    throw error;
  }
}

function readConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServeConfig {
  const flags = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string?];
    if (!(flag in SERVE_OPTIONS)) throw new UsageError(`unexpected argument ${argv[i]}\n${SERVE_USAGE}`);
    if (SWITCHES.has(flag as Flag)) {
      flags.set(flag as Flag, inline ?? '1');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    flags.set(flag as Flag, value);
  }
  const name = (flag: Flag) => `${flag} (${SERVE_OPTIONS[flag]})`;
  const text = (flag: Flag): string | undefined => {
    const value = flags.get(flag) ?? env[SERVE_OPTIONS[flag]];
    return value === '' ? undefined : value;
  };
  const integer = (flag: Flag, { min = 1, max = Number.MAX_SAFE_INTEGER } = {}) => {
    const value = text(flag);
    if (value === undefined) return undefined;
    const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max)
      throw new UsageError(`${name(flag)} must be an integer from ${min} to ${max}, not "${value}"`);
    return number;
  };
  const file = (flag: Flag) => {
    const path = text(flag);
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new UsageError(`${name(flag)}: cannot read ${path} (${(error as Error).message})`);
    }
  };

  const port = integer('--port', { min: 0, max: 65535 }) ?? 8787;
  let rateLimit: StartOptions['rateLimit'];
  const rate = text('--rate-limit');
  if (rate !== undefined) {
    const [perSecond, burst, ...rest] = rate.split(':').map(Number);
    if (rest.length > 0 || !(perSecond! > 0) || (burst !== undefined && !(burst >= 1)))
      throw new UsageError(`${name('--rate-limit')} is PER_SECOND[:BURST], both positive, not "${rate}"`);
    rateLimit = { perSecond: perSecond!, burst };
  }
  let hostKey: JsonWebKey | undefined;
  const hostKeyText = file('--host-key-file');
  if (hostKeyText !== undefined) {
    try {
      hostKey = JSON.parse(hostKeyText) as JsonWebKey;
    } catch {
      throw new UsageError(`${name('--host-key-file')} must hold the host's public key as a JWK (JSON)`);
    }
    if (typeof hostKey !== 'object' || hostKey === null || hostKey.kty !== 'EC' || hostKey.crv !== 'P-256')
      throw new UsageError(`${name('--host-key-file')} must hold a P-256 public JWK (kty EC, crv P-256)`);
  }
  const tokenText = file('--read-token-file');
  const readToken = tokenText !== undefined ? tokenText.trim() : env.ASSENT_READ_TOKEN || undefined;
  if (tokenText !== undefined && readToken === '')
    throw new UsageError(`${name('--read-token-file')} is empty: put the read token in it`);
  const dbUrl = text('--db');
  if (dbUrl !== undefined && !/^postgres(ql)?:\/\//.test(dbUrl))
    throw new UsageError(`${name('--db')} takes a postgres:// URL (SQLite is the default, in --data-dir)`);
  const unsigned = text('--accept-unsigned');
  if (unsigned !== undefined && unsigned !== '1' && unsigned !== '0')
    throw new UsageError(`${name('--accept-unsigned')} is 1 or 0, not "${unsigned}"`);
  const cors = text('--cors');
  const list = (flag: Flag) =>
    text(flag)
      ?.split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  return {
    start: {
      host: text('--host') ?? '127.0.0.1',
      port,
      dataDir: resolve(text('--data-dir') ?? DEFAULT_SERVE_DATA_DIR),
      readToken,
      allowedHosts: list('--allowed-hosts'),
      cors: cors === '*' ? true : cors ? list('--cors') : false,
      rateLimit,
      quotaBytesPerKeyPerDay: integer('--quota-bytes-per-key'),
      maxConnections: integer('--max-connections'),
      headersTimeoutMs: integer('--headers-timeout-ms'),
      requestTimeoutMs: integer('--request-timeout-ms'),
      bodyTimeoutMs: integer('--body-timeout-ms'),
      commitWindowMs: integer('--commit-window-ms', { min: 0, max: 1000 }),
      acceptUnsigned: unsigned === '1',
      hostKey,
    },
    dbUrl,
    dbPoolSize: integer('--db-pool-size', { max: 1000 }),
    workers: integer('--workers', { max: 256 }) ?? 1,
    statsFile: env.ASSENT_STATS_FILE || undefined,
  };
}

/** Starts the receiver and resolves with the exit code once a signal stopped it (2: usage error). */
export async function serve(
  argv: readonly string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const config = readServeConfig(argv, env);
  if ('error' in config) {
    io.err(`assent serve: ${config.error}\n`);
    return 2;
  }
  if (config.workers > 1 && cluster.isPrimary) return primary(config, io);
  const { start, dbUrl } = config;
  const running = await startReceiver({
    ...start,
    store: dbUrl ? postgresStore({ connectionString: dbUrl, max: config.dbPoolSize }) : undefined,
  });
  if (cluster.isWorker) process.send?.({ url: running.url, kid: running.key.kid });
  else io.out(`${announcement(config, running.url, running.key.kid)}\n`);
  return new Promise<number>((resolveExit) => {
    const stop = () => {
      if (config.statsFile) {
        const file = cluster.isWorker ? `${config.statsFile}.${cluster.worker!.id}` : config.statsFile;
        writeFileSync(file, JSON.stringify(running.receiver.log.stats));
      }
      void running.close().then(() => {
        // A worker exists only to serve (its channel to the primary would keep it alive): it ends here.
        if (cluster.isWorker) process.exit(0);
        resolveExit(0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** The startup line: where, which store, and what is public and what is not. */
function announcement(config: ServeConfig, url: string, kid: string): string {
  const { start, dbUrl, workers } = config;
  const storage = dbUrl ? 'PostgreSQL' : `SQLite in ${start.dataDir}`;
  return (
    `Assent receiver on ${url}/api/receipts (${storage}; log key ${kid}` +
    `${workers > 1 ? `; ${workers} workers` : ''}). ` +
    `Public: POST /api/receipts, GET /api/log/*, GET /api/receipts/:id/proof. ` +
    `Reads (GET /api/receipts, GET /api/receipts/:id): ${start.readToken ? 'only with the read token' : 'off (no read token)'}. ` +
    `Countersignature: ${start.hostKey ? 'required (host key given)' : 'not required'}.`
  );
}

/** The cluster's primary: makes the key and schema once, forks the workers, stops them on a signal. */
async function primary(config: ServeConfig, io: Io): Promise<number> {
  const { dataDir } = config.start;
  // Made once, before the workers race to do it.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!config.dbUrl) await sqliteStore({ file: join(dataDir, 'receipts.sqlite3') }).close();
  ReceiverKey.fromFile(join(dataDir, 'receiver-key.pem'));
  // Announced once every worker listens (or ended before it could): announcing on the first one let
  // clients open all their keep-alive connections to it while the others were still starting, so they
  // never got any (node:cluster hands out connections, not requests).
  let listening: { url: string; kid: string } | undefined;
  let settled = 0;
  let announced = false;
  const settle = () => {
    settled++;
    if (announced || !listening || settled < config.workers) return;
    announced = true;
    io.out(`${announcement(config, listening.url, listening.kid)}\n`);
  };
  for (let index = 0; index < config.workers; index++) {
    const worker = cluster.fork();
    let reported = false;
    worker.on('message', (message: { url: string; kid: string }) => {
      if (reported) return;
      reported = true;
      listening ??= message;
      settle();
    });
    worker.once('exit', () => {
      if (reported) return;
      reported = true;
      settle();
    });
  }
  return new Promise<number>((resolveExit) => {
    const stop = () => {
      const running = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
      let left = running.length;
      if (left === 0) resolveExit(0);
      cluster.on('exit', () => {
        if (--left === 0) resolveExit(0);
      });
      // The signal itself, not `worker.kill()` (which disconnects first and waits for idle keep-alive
      // connections): each worker closes its server and store and writes its stats.
      for (const worker of running) worker.process.kill('SIGTERM');
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
