/**
 * A choice whose page closed before signing loaded: its receipt input waits in localStorage, and the
 * next page that finds it next to the same stored decision makes the receipt (once).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { consent } from '../../src/cookies/index.js';
import { consentEngine } from '../../src/cookies/engine.js';
import { keepPending } from '../../src/cookies/pending.js';
import { cookieName, readState, writeState } from '../../src/cookies/storage.js';
import { resetAll, siteConfig } from './helpers.js';

function pendingKey(): string {
  return `assent:pending-receipt:${cookieName(consentEngine().config!)}`;
}

describe('cookie receipts left pending by a closed page', function () {
  // The first receipt of a page creates the browser's signing key: slow on a loaded machine.
  this.timeout(30_000);
  beforeEach(resetAll);

  it('keeps the input only until the receipt is recorded', async () => {
    consent.configure(siteConfig());
    const decided = consent.acceptAll();
    expect(localStorage.getItem(pendingKey())).to.be.a('string');
    const { receiptId } = await decided;
    expect(receiptId).to.be.a('string');
    await waitUntil(() => localStorage.getItem(pendingKey()) === null, 'the pending input dropped');
  });

  it('makes the receipt on the next page when the stored decision has none', async () => {
    consent.configure(siteConfig());
    await consent.rejectAll({ label: 'Reject all', element: 'privacy-banner' });
    const config = consentEngine().config!;
    // As the closed page left it: the choice stored, no receipt id, the input waiting.
    const state = readState(config)!;
    const first = state.receiptId;
    delete state.receiptId;
    writeState(config, state);
    keepPending(config, state.updatedAt, {
      type: 'cookie',
      decision: 'declined',
      locale: 'en',
      purposes: { necessary: true, analytics: false, marketing: false },
      method: { element: 'privacy-banner', action: 'reject-all', label: 'Reject all' },
    });

    consentEngine().reset(); // the next page
    consent.configure(siteConfig());
    await waitUntil(() => consent.get().receiptId !== null, 'the receipt made on this page', {
      timeout: 20_000,
    });
    expect(consent.get().receiptId).to.not.equal(first);
    expect(localStorage.getItem(pendingKey())).to.equal(null);
  });

  it('drops malformed or stale pending input: no receipt, no error', async () => {
    consent.configure(siteConfig());
    await consent.acceptAll();
    const config = consentEngine().config!;
    const state = readState(config)!;
    delete state.receiptId;
    writeState(config, state);
    for (const junk of [
      '{"updatedAt":',
      '{"__proto__":{"updatedAt":1},"input":{}}',
      '{"updatedAt":1,"input":{}}',
      'null',
    ]) {
      localStorage.setItem(pendingKey(), junk);
      consentEngine().reset();
      expect(() => consent.configure(siteConfig())).to.not.throw();
      expect(localStorage.getItem(pendingKey()), junk).to.equal(null);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(consent.get().receiptId).to.equal(null);
  });
});
