/**
 * `assent serve [--host 127.0.0.1] [--port 8787] [--data-dir DIR] [--db URL] [--read-token-file FILE]
 *               [--allowed-hosts a,b] [--cors origins|*]`
 *
 * `--db` (or ASSENT_DB_URL) `postgres://…` selects PostgreSQL; otherwise SQLite in DIR. The log's key
 * is DIR/receiver-key.pem in both cases (receivers sharing one PostgreSQL share that file).
 * ASSENT_READ_TOKEN (or --read-token-file) guards reads. Runs until SIGINT or SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { postgresStore } from './postgres.js';
import { startReceiver } from './server.js';
import type { ReceiptStore } from './store.js';

export const SERVE_USAGE =
  '  assent serve [--host 127.0.0.1] [--port 8787] [--data-dir DIR] [--db URL] [--read-token-file FILE] [--allowed-hosts a,b] [--cors ORIGINS]';

const FLAGS = [
  '--host',
  '--port',
  '--data-dir',
  '--db',
  '--read-token-file',
  '--allowed-hosts',
  '--cors',
] as const;
type Flag = (typeof FLAGS)[number];

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const DEFAULT_SERVE_DATA_DIR = 'assent-data';

function parse(argv: readonly string[], io: Io): Map<Flag, string> | undefined {
  const values = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string?];
    if (!FLAGS.includes(flag as Flag)) {
      io.err(`assent serve: unexpected argument ${argv[i]}\n${SERVE_USAGE}\n`);
      return undefined;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) {
      io.err(`assent serve: ${flag} needs a value\n`);
      return undefined;
    }
    values.set(flag as Flag, value);
  }
  return values;
}

/** Starts the receiver and resolves with the exit code once a signal stopped it (2: usage error). */
export async function serve(argv: readonly string[], io: Io): Promise<number> {
  const flags = parse(argv, io);
  if (!flags) return 2;
  const port = Number(flags.get('--port') ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err('assent serve: --port must be a port number\n');
    return 2;
  }
  const tokenFile = flags.get('--read-token-file');
  const readToken = tokenFile
    ? readFileSync(tokenFile, 'utf8').trim()
    : process.env.ASSENT_READ_TOKEN || undefined;
  const dbUrl = flags.get('--db') ?? process.env.ASSENT_DB_URL;
  let store: ReceiptStore | undefined;
  if (dbUrl) {
    if (!/^postgres(ql)?:\/\//.test(dbUrl)) {
      io.err('assent serve: --db takes a postgres:// URL (SQLite is the default, in --data-dir)\n');
      return 2;
    }
    store = postgresStore({ connectionString: dbUrl });
  }
  const host = flags.get('--host') ?? '127.0.0.1';
  const cors = flags.get('--cors');
  const dataDir = resolve(flags.get('--data-dir') ?? DEFAULT_SERVE_DATA_DIR);
  const running = await startReceiver({
    host,
    port,
    dataDir,
    store,
    readToken,
    allowedHosts: flags
      .get('--allowed-hosts')
      ?.split(',')
      .map((name) => name.trim()),
    cors: cors === '*' ? true : cors,
  });
  const storage = dbUrl ? 'PostgreSQL' : `SQLite in ${dataDir}`;
  io.out(
    `Assent receiver on ${running.url}/api/receipts (${storage}; log key ${running.key.kid}). ` +
      `Public: POST /api/receipts, GET /api/log/*, GET /api/receipts/:id/proof. ` +
      `Reads: ${readToken ? 'with the read token' : 'off (no read token)'}.\n`,
  );
  return new Promise<number>((resolveExit) => {
    const stop = () => void running.close().then(() => resolveExit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
