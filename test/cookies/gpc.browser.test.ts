import './gpc-setup.js';
import { expect } from '@open-wc/testing';
import { consent } from '../../src/cookies/index.js';
import { consentEngine } from '../../src/cookies/engine.js';
import { addMarkup, nextTask, resetAll, siteConfig } from './helpers.js';

describe('consent engine: Global Privacy Control', function () {
  // The first receipt of a page creates the browser's signing key: slow on a loaded machine.
  this.timeout(30_000);
  beforeEach(resetAll);

  const optOutSite = () =>
    siteConfig({
      categories: [
        { id: 'necessary', necessary: true },
        { id: 'analytics', preselected: true },
        {
          id: 'marketing',
          gpc: true,
          preselected: true,
          services: [{ id: 'ads', cookies: [{ name: 'ad_id' }] }],
        },
      ],
    });

  it('starts sale/sharing/advertising categories refused, even when preselected', async () => {
    addMarkup(`
      <script type="text/plain" data-consent="marketing">(window.__gatedRuns = window.__gatedRuns || []).push('ads');</script>
      <script type="text/plain" data-consent="!marketing">(window.__gatedRuns = window.__gatedRuns || []).push('no-ads');</script>`);
    consent.configure(optOutSite());
    await nextTask();
    const snapshot = consent.get();
    expect(snapshot.gpc).to.equal(true);
    expect(snapshot.decided).to.equal(false);
    expect(snapshot.categories).to.deep.equal({ necessary: true, analytics: true, marketing: false });
    expect(consent.has('ads')).to.equal(false);
    expect(window.__gatedRuns).to.deep.equal(['no-ads']);
  });

  it('an explicit choice by the person overrides it, and stays on the next visit', async () => {
    consent.configure(optOutSite());
    await consent.save(
      { categories: { marketing: true } },
      { element: 'cookie-manager', label: 'Save choices' },
    );
    expect(consent.has('marketing')).to.equal(true);
    consentEngine().reset();
    consent.configure(optOutSite());
    expect(consent.has('marketing')).to.equal(true);
    expect(consent.get().gpc).to.equal(true);
  });
});
