import { expect } from '@open-wc/testing';
import {
  recordDecision,
  resetConfig,
  ReceiptError,
  type DecisionInput,
  type ReceiptPayload,
} from '../../src/consent/index.js';
import { configure, pendingReceipts } from '../../src/delivery/index.js';
import { decodeJwsPart } from '../support/payload.js';
import { validateReceiptPayload, verifyChain, verifyReceipt } from '../../src/verify/index.js';
import { CANON_VERSION } from '../../src/document/model.js';
import { nextEvent } from '../support/wait.js';

// The validator is checked against Ajv and the shared schema file in test/verify/schema.node.test.ts
// (Ajv is CommonJS and compiles with eval, so it does not load here).

const accept: DecisionInput = {
  type: 'agreement',
  decision: 'accepted',
  locale: 'zh-CN',
  documents: [
    {
      id: 'terms',
      version: '2024-01',
      title: '用户协议',
      sha256: 'a'.repeat(64),
      read: {
        reachedEnd: true,
        dwellMs: 5123,
        keyClausesSeen: 2,
        keyClausesTotal: 2,
        keyClauseIds: ['k1', 'k2'],
      },
    },
  ],
  method: { element: 'api', action: 'accept', label: '同意' },
};

describe('recordDecision (real WebCrypto + IndexedDB)', () => {
  const delivered: { jws: string; receipt: ReceiptPayload }[] = [];

  beforeEach(() => {
    resetConfig();
    delivered.length = 0;
    // Test files run side by side in pages of one origin: a database of its own keeps this file apart.
    configure({
      storageName: 'assent-test-record',
      transport: (jws, receipt) => void delivered.push({ jws, receipt }),
    });
  });

  it('signs a receipt that verifies and matches the schema', async () => {
    const recorded = await recordDecision(accept);
    expect(recorded.jws).to.be.a('string');
    const result = await verifyReceipt(recorded.jws!, { documents: ['a'.repeat(64)] });
    expect(result.ok, JSON.stringify(result)).to.equal(true);
    expect(validateReceiptPayload(recorded.payload)).to.deep.equal([]);
    expect(recorded.payload.issuedAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(recorded.payload.page).to.equal(location.origin + location.pathname);
    expect(recorded.payload.canon).to.equal(CANON_VERSION);
    expect(recorded.ephemeralKey).to.equal(undefined);
    const decoded = decodeJwsPart(recorded.jws!, 0);
    expect(decoded).to.include({ alg: 'ES256', typ: 'assent-receipt+jws' });
    expect(decoded.jwk).to.have.keys(['kty', 'crv', 'x', 'y']);
  });

  it('keeps the private key non-extractable in IndexedDB', async () => {
    await recordDecision(accept);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('assent-test-record');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const record = await new Promise<{ privateKey: CryptoKey }>((resolve) => {
      const request = db.transaction('keys').objectStore('keys').get('device');
      request.onsuccess = () => resolve(request.result);
    });
    db.close();
    expect(record.privateKey.extractable).to.equal(false);
    let exported = true;
    await crypto.subtle.exportKey('jwk', record.privateKey).catch(() => (exported = false));
    expect(exported).to.equal(false);
  });

  it('chains receipts: seq counts up and prev hashes the previous JWS', async () => {
    const list: string[] = [];
    for (let i = 0; i < 5; i++) list.push((await recordDecision(accept)).jws!);
    const verified = await Promise.all(
      list.map(async (jws) => (await verifyReceipt(jws)) as { payload: ReceiptPayload; kid: string }),
    );
    const seqs = verified.map(({ payload }) => payload.seq);
    expect(seqs).to.deep.equal(seqs.map((_, index) => seqs[0]! + index));
    // Earlier tests may have signed with this key: the only issue allowed is the one gap before
    // this list's first position, exactly where the list starts.
    const report = await verifyChain(list);
    const kid = verified[0]!.kid;
    const before = seqs[0]! > 0 ? [{ kind: 'gap', kid, from: 0, to: seqs[0]! - 1 }] : [];
    expect(report.issues).to.deep.equal(before);
  });

  it('signs concurrent decisions without forking the chain', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => recordDecision(accept)));
    const seqs = all.map((recorded) => recorded.payload.seq).sort((a, b) => a - b);
    expect(new Set(seqs).size).to.equal(8);
    expect(seqs[7]! - seqs[0]!).to.equal(7);
  });

  it('stores the receipt in the outbox before any send, and removes it once acknowledged', async () => {
    let pendingAtSend: string[] = [];
    configure({
      transport: async (_jws, receipt) => {
        pendingAtSend = (await pendingReceipts()).map((entry) => entry.id);
        delivered.push({ jws: _jws, receipt });
      },
    });
    const created = nextEvent<CustomEvent>('receipt-created');
    const recorded = await recordDecision(accept);
    const deliveredEvent = await nextEvent<CustomEvent>(
      'receipt-delivered',
      document,
      (e) => e.detail.id === recorded.id,
    );
    expect((await created).detail).to.deep.equal({ id: recorded.id, receipt: recorded.jws });
    expect(pendingAtSend).to.include(recorded.id);
    expect(deliveredEvent.detail.receipt).to.equal(recorded.jws);
    expect((await pendingReceipts()).map((entry) => entry.id)).not.to.include(recorded.id);
  });

  it('dispatches receipt events on the target element', async () => {
    const element = document.createElement('div');
    document.body.append(element);
    const seen: string[] = [];
    for (const type of ['receipt-created', 'receipt-delivered'])
      element.addEventListener(type, () => seen.push(type));
    const recorded = await recordDecision({ ...accept, target: element });
    await nextEvent<CustomEvent>('receipt-delivered', document, (e) => e.detail.id === recorded.id);
    expect(seen).to.deep.equal(['receipt-created', 'receipt-delivered']);
    element.remove();
  });

  it('records declines by default and skips them when the host opts out', async () => {
    const declined = await recordDecision({
      ...accept,
      decision: 'declined',
      method: { element: 'api', action: 'decline', label: '不同意' },
    });
    expect(declined.jws).to.be.a('string');
    configure({ recordDeclines: false });
    const skipped = await recordDecision({
      ...accept,
      decision: 'declined',
      method: { element: 'api', action: 'decline', label: '不同意' },
    });
    expect(skipped.recorded).to.equal(false);
    expect(skipped.jws).to.equal(null);
    expect((await pendingReceipts()).map((entry) => entry.id)).not.to.include(skipped.id);
  });

  it('binds subject and nonce from host providers (sync and async)', async () => {
    configure({ subject: 'user-hash-1', nonce: async () => 'nonce-42' });
    const recorded = await recordDecision(accept);
    expect(recorded.payload.subject).to.equal('user-hash-1');
    expect(recorded.payload.nonce).to.equal('nonce-42');
    expect((await verifyReceipt(recorded.jws!)).ok).to.equal(true);
  });

  it('rejects with a typed error and reports it when a provider fails', async () => {
    configure({
      nonce: () => {
        throw new Error('no session');
      },
    });
    const reported = nextEvent<CustomEvent>('assent-error');
    const error = await recordDecision(accept).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ReceiptError);
    expect((error as ReceiptError).code).to.equal('provider-failed');
    expect((await reported).detail.code).to.equal('provider-failed');
  });

  it('rejects a decision that would not make a valid receipt, without advancing the chain', async () => {
    const before = await recordDecision(accept);
    const error = await recordDecision({ ...accept, type: 'nonsense' as never }).catch((e: unknown) => e);
    expect((error as ReceiptError).code).to.equal('invalid-decision');
    const after = await recordDecision(accept);
    expect(after.payload.seq).to.equal(before.payload.seq + 1);
  });

  it('reports bad configuration as assent-error and keeps the good options', async () => {
    const errors: string[] = [];
    const listener = (event: Event) => errors.push((event as CustomEvent).detail.message);
    document.addEventListener('assent-error', listener);
    const problems = configure({
      maxAttempts: 0,
      endpoint: '/custom',
      headers: { 'Content-Type': 'text/plain' },
      bogus: 1,
    } as never);
    document.removeEventListener('assent-error', listener);
    expect(problems.map((problem) => problem.option).sort()).to.deep.equal([
      'bogus',
      'headers.Content-Type',
      'maxAttempts',
    ]);
    expect(errors).to.have.length(3);
    const { getConfig } = await import('../../src/consent/config.js');
    expect(getConfig().endpoint).to.equal('/custom');
    expect(getConfig().maxAttempts).to.equal(10);
  });

  it('keeps page a valid RFC 3986 URI whatever the address bar holds', async () => {
    const path = location.pathname;
    history.replaceState(null, '', `${path}x|y^z{1}/页面?a=|`);
    try {
      configure({ includeQuery: true });
      const recorded = await recordDecision(accept);
      expect(validateReceiptPayload(recorded.payload)).to.deep.equal([]);
      expect(recorded.payload.page).to.include('x%7Cy%5Ez%7B1%7D/%E9%A1%B5%E9%9D%A2?a=%7C');
    } finally {
      history.replaceState(null, '', path);
    }
  });

  it('includes the query only when the host opts in', async () => {
    history.replaceState(null, '', `${location.pathname}?campaign=x#frag`);
    const plain = await recordDecision(accept);
    configure({ includeQuery: true });
    const withQuery = await recordDecision(accept);
    expect(plain.payload.page).to.equal(location.origin + location.pathname);
    expect(withQuery.payload.page).to.equal(`${location.origin}${location.pathname}?campaign=x`);
  });
});
