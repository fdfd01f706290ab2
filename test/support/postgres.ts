/**
 * A throwaway PostgreSQL server for tests and benchmarks: Debian's postgresql 15 binaries, a temporary
 * data directory, a free loopback port and a socket in that directory. PostgreSQL refuses to run as
 * root, so as root it runs as the `postgres` user. When the binaries are missing, `startPostgres`
 * says why, for the tests to report themselves skipped.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.env.ASSENT_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface Postgres {
  /** postgres://assent@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /**
   * Stops the server (fast shutdown: open connections are cut) and starts it again on the same port,
   * without blocking the event loop (clients keep sending meanwhile).
   */
  restart(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): void;
}

export function postgresUnavailable(): string | undefined {
  if (!existsSync(join(BIN, 'initdb')) || !existsSync(join(BIN, 'pg_ctl')))
    return `PostgreSQL binaries not found in ${BIN} (apt-get install postgresql)`;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'pipe' });
    } catch {
      return 'running as root and there is no postgres user to run PostgreSQL as';
    }
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param settings extra server settings, e.g. `{ fsync: 'off' }` for tests that do not measure
 *   durability, or `{ synchronous_commit: 'off' }` for SQLite's `synchronous = NORMAL` durability.
 */
export async function startPostgres(settings: Record<string, string> = {}): Promise<Postgres> {
  const reason = postgresUnavailable();
  if (reason) throw new Error(reason);
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(BIN, command),
      asRoot ? ['-u', 'postgres', '--', join(BIN, command), ...args] : args,
      {
        stdio: 'pipe',
      },
    );
  const dir = mkdtempSync(join(tmpdir(), 'assent-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
  ].join(' ');
  const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const stopServer = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  const restartArgs = ['-D', data, '-m', 'fast', '-o', options, '-l', join(dir, 'log'), '-w', 'restart'];
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'assent', '--no-sync']);
    start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let running = true;
  return {
    url: `postgres://assent@127.0.0.1:${port}/postgres`,
    port,
    async restart() {
      const pgCtl = join(BIN, 'pg_ctl');
      await promisify(execFile)(
        asRoot ? 'runuser' : pgCtl,
        asRoot ? ['-u', 'postgres', '--', pgCtl, ...restartArgs] : restartArgs,
      );
    },
    stop() {
      if (!running) return;
      running = false;
      try {
        stopServer();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
