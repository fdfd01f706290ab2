import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/cookie-manager/cookie-manager.define.js';
import type { CookieManager } from '../../src/elements/cookie-manager/cookie-manager.js';
import { consent } from '../../src/cookies/index.js';
import { consentEngine } from '../../src/cookies/engine.js';
import { expectAccessible } from '../support/a11y.js';
import { PAGE_ID, cookieNames, mount, resetAll, siteConfig } from '../cookies/helpers.js';

const appConfig = () =>
  siteConfig({
    categories: [
      ...(siteConfig().categories as never[]),
      {
        id: 'location',
        kind: 'permission',
        permission: 'geolocation',
        description: { 'zh-CN': '查找附近的政务服务网点', en: 'Find service centres near you' },
      },
      {
        id: 'camera',
        kind: 'permission',
        permission: 'camera',
        description: { 'zh-CN': '扫描证件进行实名认证', en: 'Scan your ID card to verify your identity' },
      },
    ],
  });

function q<T extends Element = HTMLElement>(m: CookieManager, selector: string): T {
  return m.shadowRoot!.querySelector<T>(selector)!;
}

function switchFor(m: CookieManager, label: string): HTMLInputElement {
  return q<HTMLInputElement>(m, `input[aria-label="${label}"]`);
}

describe('<cookie-manager>', function () {
  // axe over a whole modal can take seconds on a loaded machine with files running side by side.
  this.timeout(30_000);
  beforeEach(() => {
    resetAll();
    document.documentElement.lang = 'en';
    document.querySelectorAll('cookie-manager').forEach((m) => m.remove());
  });

  it('inline: categories with descriptions, necessary shown always on, services and their cookies (axe)', async () => {
    consent.configure(siteConfig());
    const m = await mount<CookieManager>(html`<cookie-manager></cookie-manager>`);
    await expectAccessible(m, 'inline');
    const categories = [...m.shadowRoot!.querySelectorAll('[part~="category"]')];
    expect(categories.map((c) => c.querySelector('h3')!.textContent!.trim())).to.deep.equal([
      'Strictly necessary',
      'Analytics',
      'Marketing and advertising',
    ]);
    expect(categories[0]!.querySelector('[part~="always-on"]')!.textContent!.trim()).to.equal('Always on');
    // Failed DOM assertions print whole elements (slow to format): compare booleans.
    expect(categories[0]!.querySelector(':scope > .row input') === null).to.equal(true);
    expect(switchFor(m, 'Allow “Analytics”').checked).to.equal(false);
    const details = categories[1]!.querySelector('details')!;
    expect(details.querySelector('summary')!.textContent!.trim()).to.equal('Show 1 service');
    details.open = true;
    const rows = [...details.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()),
    );
    expect(rows).to.deep.equal([
      ['^_ga', 'Google', 'Tells visits apart', '2 years'],
      ['_tag_id', 'Google', '', ''],
    ]);
    await expectAccessible(m, 'services open');
  });

  it('per-category switches carry their services; per-service switches refine; save stores it', async () => {
    consent.configure(siteConfig());
    const m = await mount<CookieManager>(html`<cookie-manager></cookie-manager>`);
    switchFor(m, 'Allow “Marketing and advertising”').click();
    await m.updateComplete;
    expect(switchFor(m, 'Allow YouTube').checked).to.equal(true);
    expect(switchFor(m, 'Allow Ad network').checked).to.equal(true);
    switchFor(m, 'Allow Ad network').click();
    await m.updateComplete;
    expect(switchFor(m, 'Allow “Marketing and advertising”').checked).to.equal(true);
    const changed = oneEvent(document, 'consent-change');
    q<HTMLButtonElement>(m, '[part~="save"]').click();
    const event = await changed;
    expect(event.detail.purposes).to.include({
      analytics: false,
      marketing: true,
      youtube: true,
      ads: false,
    });
    await m.updateComplete;
    expect(q(m, '[part~="status"]').textContent!.trim()).to.equal('Your choice was saved.');
    await expectAccessible(m, 'saved');
  });

  it('consent-change comes from the element the choice was made in, once, and bubbles to document', async () => {
    consent.configure(siteConfig());
    const m = await mount<CookieManager>(html`<cookie-manager></cookie-manager>`);
    const heard: { target: EventTarget | null; bubbles: boolean; composed: boolean }[] = [];
    const listen = (event: Event): void => {
      heard.push({ target: event.target, bubbles: event.bubbles, composed: event.composed });
    };
    document.addEventListener('consent-change', listen);
    try {
      const onElement = oneEvent(m, 'consent-change');
      q<HTMLButtonElement>(m, '[part~="reject-all"]').click();
      expect((await onElement).detail.decision).to.equal('declined');
      expect(heard).to.deep.equal([{ target: m, bubbles: true, composed: true }]);
      // A choice made through the API has no element: it fires on document.
      await consent.acceptAll();
      expect(heard.length).to.equal(2);
      expect(heard[1]!.target).to.equal(document);
    } finally {
      document.removeEventListener('consent-change', listen);
    }
  });

  it('a service allowed from its placeholder before any decision shows on, its category with it', async () => {
    consent.configure(siteConfig());
    await consentEngine().grantService('youtube');
    expect(consent.get().decided).to.equal(false);
    const m = await mount<CookieManager>(html`<cookie-manager></cookie-manager>`);
    expect(switchFor(m, 'Allow YouTube').checked).to.equal(true);
    expect(switchFor(m, 'Allow Ad network').checked).to.equal(false);
    expect(switchFor(m, 'Allow “Marketing and advertising”').checked).to.equal(true);
    expect(switchFor(m, 'Allow “Analytics”').checked).to.equal(false);
    const changed = oneEvent(document, 'consent-change');
    q<HTMLButtonElement>(m, '[part~="save"]').click();
    expect((await changed).detail.purposes).to.include({ marketing: true, youtube: true, ads: false });
    expect(consent.get().decided).to.equal(true);
  });

  it('withdrawal is one step: consent off, cookies cleared, said so (axe)', async () => {
    consent.configure(siteConfig());
    await consent.acceptAll();
    document.cookie = `_ga_${PAGE_ID}=1; path=/`; // matches ^_ga; named for this page (files run side by side)
    const m = await mount<CookieManager>(html`<cookie-manager lang="zh-CN"></cookie-manager>`);
    expect(switchFor(m, '允许“统计分析”').checked).to.equal(true);
    const withdraw = q<HTMLButtonElement>(m, '[part~="withdraw"]');
    expect(withdraw.textContent!.trim()).to.equal('撤回同意');
    const changed = oneEvent(document, 'consent-change');
    withdraw.click();
    await changed;
    await m.updateComplete;
    expect(consent.get().decision).to.equal('withdrawn');
    expect(cookieNames()).not.to.include(`_ga_${PAGE_ID}`);
    expect(switchFor(m, '允许“统计分析”').checked).to.equal(false);
    expect(q(m, '[part~="status"]').textContent!.trim()).to.equal('您已撤回同意，相关 Cookie 已清除。');
    expect(m.shadowRoot!.querySelector('[part~="withdraw"]') === null).to.equal(true);
    await expectAccessible(m, 'withdrawn');
  });

  it('lists app permission purposes with their purpose text', async () => {
    consent.configure(appConfig());
    const m = await mount<CookieManager>(html`<cookie-manager lang="zh-CN"></cookie-manager>`);
    const text = m.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('应用权限');
    expect(text).to.contain('位置信息');
    expect(text).to.contain('用途：查找附近的政务服务网点');
    expect(text).to.contain('用途：扫描证件进行实名认证');
    switchFor(m, '允许“相机”').click();
    await m.updateComplete;
    const changed = oneEvent(document, 'consent-change');
    q<HTMLButtonElement>(m, '[part~="save"]').click();
    await changed;
    expect(consent.has('camera')).to.equal(true);
    expect(consent.has('location')).to.equal(false);
    await expectAccessible(m, 'permissions');
  });

  it('any data-assent-open="cookie-manager" element opens the modal; focus goes to its heading and back (axe)', async () => {
    consent.configure(siteConfig());
    const host = await mount<HTMLDivElement>(
      html`<div>
        <a href="#privacy" data-assent-open="cookie-manager">Privacy settings</a>
        <cookie-manager modal></cookie-manager>
      </div>`,
    );
    const m = host.querySelector('cookie-manager')!;
    const opener = host.querySelector('a')!;
    opener.focus();
    opener.click();
    await m.updateComplete;
    expect(location.hash).to.equal('');
    const dialog = q<HTMLDialogElement>(m, 'dialog');
    expect(dialog.matches(':modal')).to.equal(true);
    expect(m.shadowRoot!.activeElement?.localName).to.equal('h2');
    await expectAccessible(m, 'modal open');
    await sendKeys({ press: 'Escape' });
    await m.updateComplete;
    expect(m.open).to.equal(false);
    expect(document.activeElement === opener).to.equal(true);
    expect(consent.get().decided).to.equal(false);
    await expectAccessible(host, 'modal closed');
  });

  it('the API opens it too, creating a modal manager when the page has none', async () => {
    consent.configure(siteConfig());
    consent.show();
    const m = document.querySelector('cookie-manager')!;
    expect(m === null).to.equal(false);
    await m.updateComplete;
    expect(m.modal).to.equal(true);
    expect(m.open).to.equal(true);
    q<HTMLButtonElement>(m, '[part~="close-button"]').click();
    await m.updateComplete;
    expect(m.open).to.equal(false);
  });

  it('works by keyboard alone: Tab to a switch, Space toggles it', async () => {
    consent.configure(siteConfig());
    const m = await mount<CookieManager>(html`<cookie-manager></cookie-manager>`);
    await m.show();
    expect(m.shadowRoot!.activeElement?.localName).to.equal('h2');
    await sendKeys({ press: 'Tab' });
    expect(m.shadowRoot!.activeElement?.localName).to.equal('summary'); // the necessary category's services
    await sendKeys({ press: 'Tab' });
    expect(m.shadowRoot!.activeElement?.getAttribute('aria-label')).to.equal('Allow “Analytics”');
    await sendKeys({ type: ' ' }); // Space (a key name engines spell differently)
    await m.updateComplete;
    expect(switchFor(m, 'Allow “Analytics”').checked).to.equal(true);
  });

  it('dark theme swaps the tokens and stays accessible', async () => {
    consent.configure(siteConfig());
    const m = await mount<CookieManager>(html`<cookie-manager theme="dark"></cookie-manager>`);
    const panel = q(m, '[part~="base"]');
    expect(getComputedStyle(panel).backgroundColor).to.equal('rgb(22, 27, 34)');
    expect(getComputedStyle(panel).colorScheme).to.equal('dark');
    await expectAccessible(m, 'dark');
  });
});
