import '../cookies/gpc-setup.js';
import { expect, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/privacy-banner/privacy-banner.define.js';
import type { PrivacyBanner } from '../../src/elements/privacy-banner/privacy-banner.js';
import { consent } from '../../src/cookies/index.js';
import { expectAccessible } from '../support/a11y.js';
import { mount, resetAll, siteConfig } from '../cookies/helpers.js';

describe('<privacy-banner> with Global Privacy Control', function () {
  // The first receipt of a page creates the browser's signing key: slow on a loaded machine.
  this.timeout(30_000);
  beforeEach(resetAll);

  it('says GPC was honoured, starts the manager with sale/sharing off, and lets an explicit choice override it (axe)', async () => {
    consent.configure(siteConfig());
    const banner = await mount<PrivacyBanner>(html`<privacy-banner lang="zh-CN"></privacy-banner>`);
    await banner.updateComplete;
    const notice = banner.shadowRoot!.querySelector('[part~="gpc"]');
    expect(notice?.textContent).to.contain('全局隐私控制');
    await expectAccessible(banner, 'GPC honoured');
    expect(consent.get().categories.marketing).to.equal(false);

    banner.shadowRoot!.querySelector<HTMLButtonElement>('[part~="customize"]')!.click();
    // The manager's module loads on the first "Customise".
    await waitUntil(() => document.querySelector('cookie-manager')?.open, 'the manager opens', {
      timeout: 10_000,
    });
    const manager = document.querySelector('cookie-manager')!;
    await manager.updateComplete;
    const marketing = manager.shadowRoot!.querySelector<HTMLInputElement>(
      'input[aria-label="允许“营销与广告”"]',
    )!;
    expect(marketing.checked).to.equal(false);
    marketing.click(); // the person's explicit choice
    await manager.updateComplete;
    manager.shadowRoot!.querySelector<HTMLButtonElement>('[part~="save"]')!.click();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(consent.has('marketing')).to.equal(true);
    expect(consent.get().gpc).to.equal(true);
    await banner.updateComplete;
    expect(banner.open).to.equal(false);
    manager.remove();
  });
});
