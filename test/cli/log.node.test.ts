/**
 * `assent audit`, `assent verify` and `assent export` in-process, against real HTTP servers on
 * 127.0.0.1: the shipped receiver (honest) and the test receiver that rewrites its history.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { startReceiver, type RunningReceiver } from '../../src/receiver/server.js';
import { startLogReceiver, type LogReceiver } from '../support/log-receiver.js';
import { NodeSigner } from '../support/mint.js';

const dir = mkdtempSync(join(tmpdir(), 'assent-cli-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** The same JWS with its signature's last character changed (to another canonical one). */
const broken = (jws: string) => `${jws.slice(0, -1)}${jws.endsWith('A') ? 'Q' : 'A'}`;

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function post(url: string, jws: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/api/receipts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/jose' },
    body: jws,
  });
  assert.ok(response.ok, `POST answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

const EXPORT_CONFIG = {
  controller: { name: 'Yunfan Ltd', contact: 'Data protection officer', email: 'dpo@yunfan.example' },
  jurisdiction: 'CN',
  withdrawalMethod: 'https://yunfan.example/withdraw',
  validity: 'P12M',
};

describe('assent audit', () => {
  let receiver: LogReceiver;
  const browser = new NodeSigner();
  before(async () => (receiver = await startLogReceiver()));
  after(() => receiver.close());

  it('keeps the last head in its state file and checks each new head extends it', async () => {
    receiver.reset();
    for (let i = 0; i < 3; i++) await post(receiver.url, browser.next().jws);
    const state = join(dir, 'audit-honest.json');
    const first = await run('audit', '--endpoint', `${receiver.url}/api/receipts`, '--state', state);
    assert.equal(first.code, 0, first.err);
    assert.deepEqual(
      lines(first.out).map(({ treeSize, log }) => ({ treeSize, log })),
      [{ treeSize: 3, log: receiver.log.signer.kid }],
    );
    assert.equal(JSON.parse(readFileSync(state, 'utf8')).treeSize, 3);
    for (let i = 0; i < 4; i++) await post(receiver.url, browser.next().jws);
    const second = await run(
      'audit',
      '--endpoint',
      receiver.url,
      '--state',
      state,
      '--count',
      '2',
      '--interval',
      '0.05',
    );
    assert.equal(second.code, 0, second.err);
    assert.deepEqual(
      lines(second.out).map(({ treeSize, consistentFrom }) => ({ treeSize, consistentFrom })),
      [
        { treeSize: 7, consistentFrom: 3 },
        { treeSize: 7, consistentFrom: 7 },
      ],
    );
    assert.equal(JSON.parse(readFileSync(state, 'utf8')).treeSize, 7);
  });

  for (const [label, lie, pattern] of [
    ['dropped a receipt', (log: LogReceiver) => log.log.dropLeaf(2), /log inconsistent/],
    ['forked', (log: LogReceiver) => log.log.replaceLeaf(0, new NodeSigner().next().jws), /log inconsistent/],
    ['changed its key', (log: LogReceiver) => (log.mode = 'other-key'), /unexpected-key/],
  ] as const) {
    it(`exits non-zero when the receiver ${label}, and keeps the state it had`, async () => {
      receiver.reset();
      for (let i = 0; i < 4; i++) await post(receiver.url, browser.next().jws);
      const state = join(dir, `audit-${label.replace(/\W/g, '-')}.json`);
      assert.equal((await run('audit', '--endpoint', receiver.url, '--state', state)).code, 0);
      const kept = readFileSync(state, 'utf8');
      lie(receiver);
      await post(receiver.url, browser.next().jws);
      await post(receiver.url, browser.next().jws);
      const result = await run('audit', '--endpoint', receiver.url, '--state', state);
      assert.equal(result.code, 1);
      assert.match(result.err, pattern);
      assert.equal(readFileSync(state, 'utf8'), kept);
    });
  }

  it('a head that went back is inconsistent', async () => {
    receiver.reset();
    for (let i = 0; i < 3; i++) await post(receiver.url, browser.next().jws);
    const state = join(dir, 'audit-stale.json');
    assert.equal((await run('audit', '--endpoint', receiver.url, '--state', state)).code, 0);
    receiver.mode = 'stale-head';
    const result = await run('audit', '--endpoint', receiver.url, '--state', state);
    assert.equal(result.code, 1);
    assert.match(result.err, /went back from 3 to 2/);
  });

  it('says what is wrong with its arguments, its state file, or the receiver', async () => {
    assert.equal((await run('audit')).code, 2);
    assert.equal((await run('audit', '--endpoint', 'ftp://x')).code, 2);
    assert.equal((await run('audit', '--endpoint', receiver.url, '--count', '0')).code, 2);
    assert.equal((await run('audit', '--endpoint', receiver.url, '--bogus', '1')).code, 2);
    const broken = file('broken-state.json', '{"treeSize":');
    const result = await run('audit', '--endpoint', receiver.url, '--state', broken);
    assert.equal(result.code, 1);
    assert.match(result.err, /not JSON \(left as it is\)/);
    assert.equal(readFileSync(broken, 'utf8'), '{"treeSize":');
    const wrongShape = file('wrong-state.json', { treeSize: 'many' });
    assert.equal((await run('audit', '--endpoint', receiver.url, '--state', wrongShape)).code, 1);
    // A closed port: unreachable is its own exit code.
    const closed = await startLogReceiver();
    const url = closed.url;
    await closed.close();
    const down = await run('audit', '--endpoint', url);
    assert.equal(down.code, 3);
    assert.match(down.err, /cannot reach/);
  });
});

describe('assent export and assent verify against the shipped receiver', () => {
  let receiver: RunningReceiver;
  const token = 'read-token-for-tests-0123456789';
  const browser = new NodeSigner();
  const posted: string[] = [];

  before(async () => {
    receiver = await startReceiver({ port: 0, dataDir: join(dir, 'receiver'), readToken: token });
    for (let i = 0; i < 5; i++) {
      const { jws } = browser.next({ subject: `user-${i}` });
      posted.push(jws);
      await post(receiver.url, jws);
    }
  });
  after(() => receiver?.close());

  it('audit follows the shipped receiver', async () => {
    const state = join(dir, 'audit-shipped.json');
    assert.equal(
      (await run('audit', '--endpoint', `${receiver.url}/api/receipts`, '--state', state)).code,
      0,
    );
    await post(receiver.url, browser.next().jws);
    const again = await run('audit', '--endpoint', `${receiver.url}/api/receipts`, '--state', state);
    assert.equal(again.code, 0, again.err);
    assert.equal(lines(again.out)[0]!.consistentFrom, 5);
    assert.equal(lines(again.out)[0]!.log, receiver.key.kid);
  });

  it('exports bundles that verify offline; any change to one fails', async () => {
    const tokenFile = file('token.txt', `${token}\n`);
    const exported = await run(
      'export',
      '--format',
      'bundle',
      '--endpoint',
      receiver.url,
      '--read-token-file',
      tokenFile,
    );
    assert.equal(exported.code, 0, exported.err);
    const bundles = JSON.parse(exported.out) as Record<string, unknown>[];
    assert.ok(bundles.length >= 5);
    for (const bundle of bundles) {
      const checked = await run('verify', file('bundle.json', bundle), '--receiver-kid', receiver.key.kid);
      assert.equal(checked.code, 0, checked.err);
      assert.equal(JSON.parse(checked.out).log, receiver.key.kid);
    }
    const bundle = bundles[1]!;
    const other = new NodeSigner().next().jws;
    const tampered: [string, Record<string, unknown>, RegExp][] = [
      ['another receipt', { ...bundle, jws: other }, /not in the signed tree/],
      ['another index', { ...bundle, leafIndex: 0 }, /not in the signed tree/],
      ['another size', { ...bundle, treeSize: (bundle.treeSize as number) + 1 }, /tree size/],
      [
        'a dropped proof hash',
        { ...bundle, inclusionProof: (bundle.inclusionProof as string[]).slice(1) },
        /not in the signed tree/,
      ],
      [
        'a forged head',
        { ...bundle, treeHead: `${(bundle.treeHead as string).slice(0, -2)}AA` },
        /tree head does not verify/,
      ],
      ['a broken receipt', { ...bundle, jws: broken(bundle.jws as string) }, /receipt does not verify/],
      ['not a bundle', { jws: bundle.jws }, /a receipt bundle is/],
    ];
    for (const [label, changed, message] of tampered) {
      const result = await run('verify', file('tampered.json', changed));
      assert.equal(result.code, 1, label);
      assert.match(result.err, message, label);
    }
    const pinned = await run('verify', file('bundle.json', bundle), '--receiver-kid', new NodeSigner().kid);
    assert.equal(pinned.code, 1);
    assert.match(pinned.err, /unexpected-key/);
  });

  it('exports Kantara and ISO/IEC 27560 records from the receiver with the read token, and from a file', async () => {
    const config = file('export-config.json', EXPORT_CONFIG);
    const noToken = await run(
      'export',
      '--format',
      'kantara',
      '--endpoint',
      receiver.url,
      '--config',
      config,
    );
    assert.equal(noToken.code, 3);
    assert.match(noToken.err, /401/);
    process.env.ASSENT_READ_TOKEN = token;
    try {
      const kantara = await run(
        'export',
        '--format',
        'kantara',
        '--endpoint',
        receiver.url,
        '--config',
        config,
      );
      assert.equal(kantara.code, 0, kantara.err);
      const receipts = JSON.parse(kantara.out) as Record<string, unknown>[];
      assert.ok(receipts.length >= 5);
      assert.ok(
        receipts.every((receipt) => receipt.version === 'KI-CR-v1.1.0' && receipt.jurisdiction === 'CN'),
      );
      const id = (receipts[0] as { consentReceiptID: string }).consentReceiptID;
      const iso = await run(
        'export',
        '--format',
        'iso27560',
        '--endpoint',
        receiver.url,
        '--config',
        config,
        '--id',
        id,
      );
      assert.equal(iso.code, 0, iso.err);
      const records = JSON.parse(iso.out) as Record<string, unknown>[];
      assert.equal(records.length, 1);
      assert.equal(records[0]!['dct:identifier'], id);
      assert.equal(records[0]!['@type'], 'dpv:ConsentRecord');
    } finally {
      delete process.env.ASSENT_READ_TOKEN;
    }
    // From a file of compact JWS strings: a receipt that does not verify is named and fails the run.
    const tampered = broken(posted[1]!);
    const input = file('receipts.json', [
      posted[0],
      tampered,
      { jws: posted[2], receivedAt: '2026-11-28T00:00:00.000Z' },
    ]);
    const fromFile = await run('export', '--format', 'iso27560', '--input', input, '--config', config);
    assert.equal(fromFile.code, 1);
    assert.match(fromFile.err, /does not verify/);
    const records = JSON.parse(fromFile.out) as Record<string, unknown>[];
    assert.equal(records.length, 2);
    assert.deepEqual(records[1]!['dct:created'], {
      '@value': '2026-11-28T00:00:00.000Z',
      '@type': 'xsd:dateTime',
    });
  });

  it('says what is missing', async () => {
    const config = file('export-config.json', EXPORT_CONFIG);
    assert.equal((await run('export', '--format', 'pdf', '--input', config)).code, 2);
    assert.equal((await run('export', '--format', 'kantara', '--input', config)).code, 2);
    assert.equal((await run('export', '--format', 'kantara', '--config', config)).code, 2);
    assert.equal((await run('export', '--format', 'bundle', '--input', config)).code, 2);
    const badConfig = file('bad-config.json', { ...EXPORT_CONFIG, jurisdiction: '' });
    const bad = await run(
      'export',
      '--format',
      'kantara',
      '--input',
      file('one.json', [posted[0]]),
      '--config',
      badConfig,
    );
    assert.equal(bad.code, 1);
    assert.match(bad.err, /jurisdiction/);
    assert.equal((await run('verify')).code, 2);
    assert.equal((await run('verify', join(dir, 'missing.json'))).code, 1);
  });
});
