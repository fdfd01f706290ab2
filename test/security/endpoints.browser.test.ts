/**
 * Where receipts go: an element's `endpoint` is used only when it is this origin or an endpoint the
 * host allowed, and the host's headers and credentials go only to endpoints the host configured.
 */
import { expect } from '@open-wc/testing';
import { configure, getConfig, resetConfig } from '../../src/consent/config.js';
import { recordDecision } from '../../src/consent/record.js';
import { ENTRY_VERSION, type OutboxEntry } from '../../src/internal/store.js';
import { startDelivery } from '../../src/delivery/index.js';
import { sendOnce } from '../../src/delivery/send.js';
import { probeKey, probeLog, settle } from './probe.js';

/** The test server under another origin (127.0.0.1 instead of localhost, or the other way round). */
function crossOrigin(path: string): string {
  const other = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return `${location.protocol}//${other}:${location.port}${path}`;
}

function entry(endpoint: string | undefined): OutboxEntry {
  const now = Date.now();
  const payload = { id: crypto.randomUUID() } as unknown as OutboxEntry['payload'];
  return {
    v: ENTRY_VERSION,
    id: payload.id,
    jws: 'e30.e30.',
    payload,
    signed: true,
    ...(endpoint ? { endpoint } : {}),
    createdAt: now,
    attempts: 0,
    nextAttemptAt: now,
    parked: false,
  };
}

function collectErrors(): { codes: string[]; stop(): void } {
  const codes: string[] = [];
  const listen = (event: Event) => codes.push((event as CustomEvent<{ code: string }>).detail.code);
  document.addEventListener('assent-error', listen);
  return { codes, stop: () => document.removeEventListener('assent-error', listen) };
}

describe('receipt endpoints', () => {
  let home: string;
  beforeEach(() => {
    home = probeKey('home');
    document.cookie = 'probe_session=s3cr3t; path=/';
    configure({
      endpoint: `/__probe/${home}/receipts`,
      headers: { 'X-Host-Secret': 'csrf-123' },
      credentials: 'same-origin',
      maxAttempts: 1,
    });
  });
  afterEach(() => {
    document.cookie = 'probe_session=; max-age=0; path=/';
    resetConfig();
  });

  it("refuses an element's cross-origin endpoint: assent-error, and the receipt goes home instead", async () => {
    const away = probeKey('away');
    const errors = collectErrors();
    const recorded = await recordDecision({
      type: 'agreement',
      decision: 'accepted',
      locale: 'en',
      method: { element: 'consent-checkbox', action: 'accept', label: 'I agree' },
      endpoint: crossOrigin(`/__probe/${away}/steal`),
    });
    startDelivery();
    const posts = async () => (await probeLog(home)).filter((request) => request.method === 'POST');
    for (let i = 0; i < 80 && (await posts()).length === 0; i++) await settle(100);
    errors.stop();
    expect(recorded.jws).to.be.a('string');
    expect(errors.codes).to.include('endpoint-not-allowed');
    expect(await probeLog(away)).to.deep.equal([]);
    const delivered = await posts();
    expect(delivered.length).to.be.at.least(1);
    expect(delivered[0]!.secret).to.equal('csrf-123');
  });

  it('never sends a stored cross-origin endpoint it was not allowed, whatever an earlier page stored', async () => {
    const away = probeKey('stored');
    const errors = collectErrors();
    const outcome = await sendOnce(entry(crossOrigin(`/__probe/${away}/r`)), getConfig());
    errors.stop();
    expect(outcome).to.deep.equal({ kind: 'rejected', error: 'endpoint-not-allowed' });
    expect(errors.codes).to.include('endpoint-not-allowed');
    for (const scheme of ['javascript:alert(1)', 'data:text/plain,x', 'ftp://example.com/r']) {
      expect((await sendOnce(entry(scheme), getConfig())).kind).to.equal('rejected');
    }
    expect(await probeLog(away)).to.deep.equal([]);
  });

  it('sends no host headers or cookies to a same-origin endpoint the host did not configure', async () => {
    const other = probeKey('unconfigured');
    await sendOnce(entry(`/__probe/${other}/r`), getConfig());
    const [request] = await probeLog(other);
    expect(request, 'the same-origin endpoint is used').to.exist;
    expect(request!.secret).to.equal(null);
    expect(request!.cookie ?? '').not.to.contain('probe_session');
    // The configured endpoint gets both.
    await sendOnce(entry(undefined), getConfig());
    const [configured] = await probeLog(home);
    expect(configured!.secret).to.equal('csrf-123');
    expect(configured!.cookie).to.contain('probe_session=s3cr3t');
  });

  it('uses a cross-origin endpoint the host allowed', async () => {
    const allowed = probeKey('allowed');
    configure({ allowedEndpoints: [crossOrigin('/')] });
    await sendOnce(entry(crossOrigin(`/__probe/${allowed}/r`)), getConfig());
    // The browser asks the other origin first (CORS preflight) or posts: either way, it went there.
    expect((await probeLog(allowed)).length).to.be.at.least(1);
    expect(configure({ allowedEndpoints: ['javascript:alert(1)'] }).map((p) => p.option)).to.deep.equal([
      'allowedEndpoints[0]',
    ]);
  });
});
