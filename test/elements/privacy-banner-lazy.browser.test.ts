/**
 * The banner's first load in ESM: it paints from the banner, the engine and Lit alone; signing and
 * delivery load after the first choice, the cookie manager on "Customise". The test runner serves each
 * module as its own file, so the page's resource timing shows which ones were requested and when.
 */
import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/elements/privacy-banner/privacy-banner.define.js';
import type { PrivacyBanner } from '../../src/elements/privacy-banner/privacy-banner.js';
import { consent } from '../../src/cookies/index.js';
import { STATE_COOKIE, cookieNames, mount, resetAll, siteConfig } from '../cookies/helpers.js';

/** Modules that belong to the later loads, as the test runner serves them. */
const LATER = {
  signing: /\/src\/consent\/(record|signer)\.ts/,
  delivery: /\/src\/delivery\/courier\.ts/,
  manager: /\/src\/elements\/cookie-manager\//,
};

// The runner's own modules fill the default buffer of 250 entries.
performance.setResourceTimingBufferSize(10_000);

function requested(pattern: RegExp): boolean {
  return performance.getEntriesByType('resource').some((entry) => pattern.test(entry.name));
}

describe('<privacy-banner> first load (ESM)', function () {
  // The first receipt of a page creates the browser's signing key: slow on a loaded machine.
  this.timeout(30_000);
  before(() => {
    // This file must be the one to load them: nothing imported them before the banner painted.
    for (const [part, pattern] of Object.entries(LATER))
      expect(requested(pattern), `${part} requested at start`).to.equal(false);
  });
  beforeEach(() => {
    resetAll();
    document.documentElement.lang = 'en';
  });

  it('paints without signing, delivery or the cookie manager; a choice is kept at once and signed once they load', async () => {
    consent.configure(siteConfig());
    const banner = await mount<PrivacyBanner>(html`<privacy-banner></privacy-banner>`);
    await banner.updateComplete;
    expect(banner.open).to.equal(true);
    expect(banner.shadowRoot!.querySelector('[part~="accept-all"]')).to.exist;
    for (const [part, pattern] of Object.entries(LATER))
      expect(requested(pattern), `${part} requested before paint`).to.equal(false);
    expect(customElements.get('cookie-manager')).to.equal(undefined);

    const created = oneEvent(banner, 'receipt-created');
    banner.shadowRoot!.querySelector<HTMLButtonElement>('[part~="accept-all"]')!.click();
    // Stored synchronously, before the signing module arrives: a page closed now loses nothing.
    expect(cookieNames()).to.include(STATE_COOKIE);
    expect(consent.get().decided).to.equal(true);
    // No receipt yet: signing has not arrived (WebKit may already list its request, as it starts at the click).
    expect(consent.get().receiptId).to.equal(null);

    const { detail } = (await created) as CustomEvent<{ id: string; receipt: string }>;
    expect(detail.receipt.split('.')).to.have.length(3);
    expect(requested(LATER.signing)).to.equal(true);
    await waitUntil(() => consent.get().receiptId === detail.id, 'the receipt id kept with the decision');
    await waitUntil(() => requested(LATER.delivery), 'delivery loaded after the choice');
    expect(requested(LATER.manager), 'the manager still waits for Customise').to.equal(false);
  });

  it('loads and opens the cookie manager on "Customise"', async () => {
    consent.configure(siteConfig());
    const banner = await mount<PrivacyBanner>(html`<privacy-banner></privacy-banner>`);
    await banner.updateComplete;
    banner.shadowRoot!.querySelector<HTMLButtonElement>('[part~="customize"]')!.click();
    await waitUntil(() => document.querySelector('cookie-manager')?.open, 'the manager opens', {
      timeout: 10_000,
    });
    expect(requested(LATER.manager)).to.equal(true);
    const manager = document.querySelector('cookie-manager')!;
    await manager.updateComplete;
    expect(manager.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
    manager.remove();
  });
});
