/**
 * `npm run receiver` as a process: environment, announcement line, a receipt stored, clean stop on
 * SIGTERM; and every option of `assent serve` as a flag and as an environment variable, with bad values refused.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readServeConfig, serve, SERVE_OPTIONS, type ServeConfig } from '../../src/receiver/serve.js';
import { NodeSigner } from '../support/mint.js';
import { postgresUnavailable, startPostgres, type Postgres } from '../support/postgres.js';
import { startReceiverProcess, type ReceiverProcess } from '../support/receiver-process.js';

async function runReceiver(workers: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assent-receiver-main-'));
  let receiver: ReceiverProcess | undefined;
  try {
    receiver = await startReceiverProcess({
      dataDir,
      workers,
      env: { ASSENT_READ_TOKEN: 'main-test-token' },
    });
    const { child, url } = receiver;
    const signer = new NodeSigner();
    for (let index = 0; index < 4; index++) {
      const { jws } = signer.next();
      const response = await fetch(`${url}/api/receipts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/jose' },
        body: jws,
      });
      assert.equal(response.status, 201);
    }
    assert.equal((await fetch(`${url}/api/receipts`)).status, 401);
    const list = await fetch(`${url}/api/receipts`, { headers: { Authorization: 'Bearer main-test-token' } });
    assert.equal(list.headers.get('x-total-count'), '4');
    assert.ok(existsSync(join(dataDir, 'receipts.sqlite3')));
    assert.ok(existsSync(join(dataDir, 'receiver-key.pem')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (receiver?.child.exitCode === null) receiver.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('npm run receiver (src/receiver/main.ts)', () => {
  it('starts from the environment, stores receipts and stops on SIGTERM', () => runReceiver(1));
  it('runs two cluster workers on one port sharing the data folder', () => runReceiver(2));
});

describe('assent serve options: every flag and its environment variable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'assent-serve-options-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, 'file-token\n');
  const hostKeyFile = join(dir, 'host.jwk');
  const hostJwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  writeFileSync(hostKeyFile, JSON.stringify(hostJwk));
  const badJsonFile = join(dir, 'bad.jwk');
  writeFileSync(badJsonFile, '{ not json');
  const rsaFile = join(dir, 'rsa.jwk');
  writeFileSync(rsaFile, JSON.stringify({ kty: 'RSA', n: 'AQAB', e: 'AQAB' }));

  /** [flag, value, where the value lands in the configuration, what it should be]. */
  const cases: [keyof typeof SERVE_OPTIONS, string, (config: ServeConfig) => unknown, unknown][] = [
    ['--host', '127.0.0.2', (c) => c.start.host, '127.0.0.2'],
    ['--port', '0', (c) => c.start.port, 0],
    ['--data-dir', join(dir, 'data'), (c) => c.start.dataDir, join(dir, 'data')],
    ['--db', 'postgres://u@127.0.0.1:5/db', (c) => c.dbUrl, 'postgres://u@127.0.0.1:5/db'],
    ['--read-token-file', tokenFile, (c) => c.start.readToken, 'file-token'],
    ['--allowed-hosts', 'a.example, b.example', (c) => c.start.allowedHosts, ['a.example', 'b.example']],
    [
      '--cors',
      'https://a.example,https://b.example',
      (c) => c.start.cors,
      ['https://a.example', 'https://b.example'],
    ],
    ['--rate-limit', '5:20', (c) => c.start.rateLimit, { perSecond: 5, burst: 20 }],
    ['--quota-bytes-per-key', '65536', (c) => c.start.quotaBytesPerKeyPerDay, 65536],
    ['--max-connections', '50', (c) => c.start.maxConnections, 50],
    ['--headers-timeout-ms', '2000', (c) => c.start.headersTimeoutMs, 2000],
    ['--request-timeout-ms', '9000', (c) => c.start.requestTimeoutMs, 9000],
    ['--body-timeout-ms', '3000', (c) => c.start.bodyTimeoutMs, 3000],
    ['--host-key-file', hostKeyFile, (c) => c.start.hostKey, hostJwk],
    ['--workers', '2', (c) => c.workers, 2],
    ['--commit-window-ms', '4', (c) => c.start.commitWindowMs, 4],
    ['--db-pool-size', '20', (c) => c.dbPoolSize, 20],
    ['--accept-unsigned', '1', (c) => c.start.acceptUnsigned, true],
  ];

  it('has a case here for every option', () => {
    assert.deepEqual(cases.map(([flag]) => flag).sort(), Object.keys(SERVE_OPTIONS).sort());
  });

  for (const [flag, value, pick, expected] of cases) {
    const variable = SERVE_OPTIONS[flag];
    it(`${flag} and ${variable}`, () => {
      const fromFlag = readServeConfig(flag === '--accept-unsigned' ? [flag] : [flag, value], {});
      assert.ok(!('error' in fromFlag), JSON.stringify(fromFlag));
      assert.deepEqual(pick(fromFlag), expected);
      const fromEnv = readServeConfig([], { [variable]: value });
      assert.ok(!('error' in fromEnv), JSON.stringify(fromEnv));
      assert.deepEqual(pick(fromEnv), expected);
    });
  }

  it('takes the flag over the variable, and ASSENT_READ_TOKEN when no token file is named', () => {
    const config = readServeConfig(['--port', '9001'], {
      ASSENT_PORT: '9002',
      ASSENT_READ_TOKEN: 'env-token',
    });
    assert.ok(!('error' in config));
    assert.equal(config.start.port, 9001);
    assert.equal(config.start.readToken, 'env-token');
    const defaults = readServeConfig([], {});
    assert.ok(!('error' in defaults));
    assert.equal(defaults.start.port, 8787);
    assert.equal(defaults.workers, 1);
    assert.equal(defaults.start.quotaBytesPerKeyPerDay, undefined);
    assert.equal(defaults.start.cors, false);
  });

  /** [flag, bad value, what the error must say]. */
  const bad: [keyof typeof SERVE_OPTIONS, string, RegExp][] = [
    ['--port', '70000', /integer from 0 to 65535/],
    ['--db', 'mysql://x', /postgres:\/\/ URL/],
    ['--read-token-file', join(dir, 'missing'), /cannot read/],
    ['--rate-limit', 'fast', /PER_SECOND\[:BURST\]/],
    ['--rate-limit', '5:0', /PER_SECOND\[:BURST\]/],
    ['--quota-bytes-per-key', '-1', /integer from 1/],
    ['--max-connections', '1e3', /integer from 1/],
    ['--headers-timeout-ms', 'soon', /integer from 1/],
    ['--request-timeout-ms', '0', /integer from 1/],
    ['--body-timeout-ms', '99999999999999999999', /integer from 1/],
    ['--host-key-file', badJsonFile, /JWK \(JSON\)/],
    ['--host-key-file', rsaFile, /P-256 public JWK/],
    ['--workers', '0', /integer from 1 to 256/],
    ['--commit-window-ms', '5000', /integer from 0 to 1000/],
    ['--db-pool-size', 'many', /integer from 1 to 1000/],
    ['--accept-unsigned', 'yes', /1 or 0/],
  ];
  for (const [flag, value, message] of bad) {
    const variable = SERVE_OPTIONS[flag];
    it(`refuses ${flag} ${value} and ${variable}=${value} with an error naming both`, async () => {
      for (const config of [
        readServeConfig(flag === '--accept-unsigned' ? [`${flag}=${value}`] : [flag, value], {}),
        readServeConfig([], { [variable]: value }),
      ]) {
        assert.ok('error' in config, `accepted ${value}`);
        assert.match(config.error, message);
        assert.ok(config.error.includes(flag) && config.error.includes(variable), config.error);
      }
      let err = '';
      const code = await serve(
        [],
        { out: () => undefined, err: (text) => (err += text) },
        { [variable]: value },
      );
      assert.equal(code, 2);
      assert.match(err, /^assent serve: /);
    });
  }

  it('refuses an empty read token file and unknown flags', () => {
    const empty = join(dir, 'empty-token');
    writeFileSync(empty, '\n');
    const config = readServeConfig(['--read-token-file', empty], {});
    assert.ok('error' in config && /is empty/.test(config.error));
    const unknown = readServeConfig(['--verbose'], {});
    assert.ok('error' in unknown && /unexpected argument --verbose/.test(unknown.error));
  });

  it('runs from the environment alone: ASSENT_RATE_LIMIT, ASSENT_HOST_KEY_FILE and ASSENT_WORKERS reach the processes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'assent-serve-env-'));
    let receiver: ReceiverProcess | undefined;
    try {
      receiver = await startReceiverProcess({
        dataDir,
        workers: 2,
        env: { ASSENT_RATE_LIMIT: '0.5:2', ASSENT_HOST_KEY_FILE: hostKeyFile },
      });
      // The rate limit is per process (a burst of 2 each), and requests may reach either worker
      // (node:cluster hands connections round-robin): two or more 200s, then a 429 with Retry-After.
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 8 && !statuses.includes(429); i++) {
        const response = await fetch(`${receiver.url}/api/log/tree-head`);
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get('retry-after');
        await response.arrayBuffer();
      }
      assert.equal(statuses.at(-1), 429, `statuses: ${statuses.join(', ')}`);
      assert.ok(statuses.length >= 3, `statuses: ${statuses.join(', ')}`);
      assert.ok(statuses.slice(0, -1).every((status) => status === 200));
      assert.match(retryAfter ?? '', /^[1-9]\d*$/);
      // With a host key, a receipt without a countersignature is refused.
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const response = await fetch(`${receiver.url}/api/receipts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/jose' },
        body: new NodeSigner().next().jws,
      });
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as { error: string }).error, 'countersignature-missing');
    } finally {
      receiver?.child.kill('SIGTERM');
      if (receiver) await new Promise((resolve) => receiver!.child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the per-key daily quota across two receiver processes on one store', () => {
  /** Two receivers on one data folder (and one database); half the receipts to each, at once. */
  async function quotaAcrossProcesses(env: Record<string, string>): Promise<void> {
    const dataDir = mkdtempSync(join(tmpdir(), 'assent-quota-processes-'));
    const receivers: ReceiverProcess[] = [];
    try {
      const signer = new NodeSigner();
      const receipts = Array.from({ length: 24 }, () => signer.next().jws);
      const largest = Math.max(...receipts.map((jws) => jws.length));
      const quota = largest * 8;
      const common = { ASSENT_READ_TOKEN: 'quota-token', ASSENT_QUOTA_BYTES_PER_KEY: String(quota), ...env };
      // One after the other: the first makes the key file and the schema.
      receivers.push(await startReceiverProcess({ dataDir, env: common }));
      receivers.push(await startReceiverProcess({ dataDir, env: common }));
      const statuses = await Promise.all(
        receipts.map(async (jws, index) => {
          const response = await fetch(`${receivers[index % 2]!.url}/api/receipts`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/jose' },
            body: jws,
          });
          await response.arrayBuffer();
          return response.status;
        }),
      );
      const created = statuses.filter((status) => status === 201).length;
      assert.ok(
        statuses.every((status) => status === 201 || status === 429),
        statuses.join(),
      );
      // Per process, each would have let up to the whole quota through: 2 × more.
      const list = await fetch(`${receivers[1]!.url}/api/receipts?limit=1000`, {
        headers: { Authorization: 'Bearer quota-token' },
      });
      const stored = (await list.json()) as { id: string }[];
      assert.equal(stored.length, created);
      const minimum = Math.min(...receipts.map((jws) => jws.length));
      assert.ok(created * minimum <= quota, `${created} receipts stored, over the quota of ${quota} bytes`);
      assert.ok(created >= Math.floor(quota / largest), `${created} stored: the quota holds back too much`);
    } finally {
      for (const { child } of receivers) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  it('holds on one SQLite file', () => quotaAcrossProcesses({}));

  describe('PostgreSQL', () => {
    const skip = postgresUnavailable();
    let postgres: Postgres | undefined;
    before(async () => {
      if (!skip) postgres = await startPostgres({ fsync: 'off' });
    });
    after(() => postgres?.stop());
    it('holds on one PostgreSQL', async (context) => {
      if (skip) return context.skip(skip);
      await quotaAcrossProcesses({ ASSENT_DB_URL: postgres!.url });
    });
  });
});
