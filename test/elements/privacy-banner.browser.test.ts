import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/elements/privacy-banner/privacy-banner.define.js';
import type { PrivacyBanner } from '../../src/elements/privacy-banner/privacy-banner.js';
import type { CookieManager } from '../../src/elements/cookie-manager/cookie-manager.js';
import { consent } from '../../src/cookies/index.js';
import { consentEngine } from '../../src/cookies/engine.js';
import { registerLoader } from '../../src/cookies/on-demand.js';
import { originToken, serializeState } from '../../src/cookies/storage.js';
import { expectAccessible } from '../support/a11y.js';
import { STATE_COOKIE, mount, resetAll, siteConfig } from '../cookies/helpers.js';

const DAY = 86_400_000;

function parts(banner: PrivacyBanner) {
  const root = banner.shadowRoot!;
  return {
    base: root.querySelector<HTMLElement>('[part~="base"]'),
    title: root.querySelector('h2')?.textContent?.trim(),
    text: root.textContent?.replace(/\s+/g, ' ') ?? '',
    accept: root.querySelector<HTMLButtonElement>('[part~="accept-all"]')!,
    reject: root.querySelector<HTMLButtonElement>('[part~="reject-all"]')!,
    customize: root.querySelector<HTMLButtonElement>('[part~="customize"]')!,
    link: root.querySelector<HTMLAnchorElement>('[part~="policy-link"]'),
  };
}

async function banner(
  template = html`<privacy-banner policy-href="/cookies.html"></privacy-banner>`,
  config = siteConfig(),
) {
  consent.configure(config);
  const element = await mount<PrivacyBanner>(template);
  await element.updateComplete;
  return element;
}

function manager(): CookieManager | null {
  return document.querySelector('cookie-manager');
}

describe('<privacy-banner>', function () {
  // axe over a whole modal can take seconds on a loaded machine with files running side by side.
  this.timeout(30_000);
  beforeEach(async () => {
    resetAll();
    document.documentElement.lang = 'en';
    document.querySelectorAll('cookie-manager').forEach((m) => m.remove());
    // WebDriver (WebKit) cannot set the viewport; its window is large enough for these tests.
    await setViewport({ width: 1000, height: 700 }).catch(() => undefined);
  });

  it('first view: message, policy link and three choices of equal weight (axe)', async () => {
    const el = await banner();
    expect(el.open).to.equal(true);
    const p = parts(el);
    expect(p.title).to.equal('We value your privacy');
    expect(p.link!.getAttribute('href')).to.equal('/cookies.html');
    await expectAccessible(el, 'first view');
    const looks = [p.accept, p.reject, p.customize].map((b) => {
      const style = getComputedStyle(b);
      return [
        style.backgroundColor,
        style.color,
        style.borderTopWidth,
        style.borderTopColor,
        style.fontWeight,
        style.fontSize,
        b.getBoundingClientRect().height,
      ].join('|');
    });
    expect(new Set(looks).size, looks.join('\n')).to.equal(1);
    // Overlay: fixed to the bottom edge, no space taken in the flow.
    const rect = el.getBoundingClientRect();
    expect(getComputedStyle(el).position).to.equal('fixed');
    expect(Math.round(rect.bottom)).to.equal(window.innerHeight);
  });

  it('accept all: one click, the banner goes, and a decided visitor never sees it again', async () => {
    const el = await banner();
    const changed = oneEvent(document, 'consent-change');
    parts(el).accept.click();
    expect((await changed).detail.decision).to.equal('accepted');
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part~="base"]') === null).to.equal(true);
    expect(getComputedStyle(el).display).to.equal('none');
    await expectAccessible(el.parentElement!, 'hidden');
    // Next page view: the same decision, the banner is closed before its first render.
    consentEngine().reset();
    consent.configure(siteConfig());
    const again = document.createElement('privacy-banner');
    document.body.append(again);
    expect(again.open).to.equal(false);
    again.remove();
  });

  it('show() reopens it for a decided visitor; the next choice closes it again', async () => {
    consent.configure(siteConfig());
    await consent.acceptAll();
    const el = await banner();
    expect(el.open).to.equal(false);
    await el.show();
    expect(el.open).to.equal(true);
    await expectAccessible(el, 'reopened');
    parts(el).reject.click();
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(consent.get().decision).to.equal('declined');
  });

  it('top bar: fixed to the top edge, scroll padding at the top; dark theme stays accessible (axe)', async () => {
    const el = await banner(html`<privacy-banner position="top" theme="dark"></privacy-banner>`);
    const bar = el.shadowRoot!.querySelector<HTMLElement>('.bar')!;
    expect(Math.round(el.getBoundingClientRect().top)).to.equal(0);
    expect(document.documentElement.style.scrollPaddingTop).to.equal(
      `${Math.ceil(bar.getBoundingClientRect().height)}px`,
    );
    expect(getComputedStyle(bar).backgroundColor).to.equal('rgb(22, 27, 34)');
    await expectAccessible(el, 'top, dark');
    parts(el).reject.click();
    await el.updateComplete;
    expect(document.documentElement.style.scrollPaddingTop).to.equal('');
  });

  it('reject all is as easy as accepting: one click', async () => {
    const el = await banner();
    parts(el).reject.click();
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(consent.get().decision).to.equal('declined');
    expect(consent.has('analytics')).to.equal(false);
  });

  it('asks again with 「隐私设置已更新」 and what changed when the revision changes (axe)', async () => {
    document.documentElement.lang = 'zh-CN';
    const stale = {
      v: 1,
      decision: 'accepted',
      categories: { necessary: true, analytics: true, marketing: true },
      services: {},
      revision: 'old',
      decidedAt: 1,
      updatedAt: 1,
      expiresAt: Date.now() + DAY,
      o: originToken(true), // written by this origin, so it is read as a decision at all
    };
    document.cookie = `${STATE_COOKIE}=${encodeURIComponent(JSON.stringify(stale))}; path=/`;
    const el = await banner(
      undefined,
      siteConfig({ changes: { 'zh-CN': '新增“营销与广告”类别', en: 'New marketing category' } }),
    );
    expect(el.open).to.equal(true);
    const p = parts(el);
    expect(p.title).to.equal('隐私设置已更新');
    expect(p.text).to.contain('变更内容：新增“营销与广告”类别');
    expect(p.accept.textContent!.trim()).to.equal('全部接受');
    await expectAccessible(el, 'updated');
    // The stale decision does not count meanwhile.
    expect(consent.has('analytics')).to.equal(false);
  });

  it('asks again when the decision expired', async () => {
    const now = Date.now();
    const expired = {
      v: 1 as const,
      decision: 'accepted' as const,
      categories: { necessary: true, analytics: true },
      services: {},
      revision: '2026-01',
      decidedAt: now - 200 * DAY,
      updatedAt: now - 200 * DAY,
      expiresAt: now - DAY,
      o: originToken(true),
    };
    document.cookie = `${STATE_COOKIE}=${serializeState(expired)}; path=/`;
    const el = await banner();
    expect(el.open).to.equal(true);
    expect(parts(el).title).to.equal('We value your privacy');
  });

  it('speaks zh-TW and en', async () => {
    const el = await banner(html`<privacy-banner lang="zh-TW"></privacy-banner>`);
    expect(parts(el).reject.textContent!.trim()).to.equal('全部拒絕');
    expect(parts(el).customize.textContent!.trim()).to.equal('自訂設定');
    await expectAccessible(el, 'zh-TW');
    el.setAttribute('lang', 'en');
    await new Promise((resolve) => setTimeout(resolve));
    await el.updateComplete;
    expect(parts(el).reject.textContent!.trim()).to.equal('Reject all');
  });

  it('works by keyboard alone: Tab to "Reject all", Enter', async () => {
    consent.configure(siteConfig());
    const host = await mount<HTMLDivElement>(
      html`<div><button id="before">before</button><privacy-banner></privacy-banner></div>`,
    );
    const b = host.querySelector('privacy-banner')!;
    await b.updateComplete;
    host.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(b.shadowRoot!.activeElement?.getAttribute('part')).to.contain('reject-all');
    await sendKeys({ press: 'Enter' });
    await b.updateComplete;
    expect(consent.get().decision).to.equal('declined');
    // Focus does not vanish with the banner: it goes back to where the person was.
    expect(document.activeElement?.id).to.equal('before');
  });

  it('keeps the focused element clear of the bar (WCAG 2.4.11): scroll padding as tall as the bar', async () => {
    const host = await mount<HTMLDivElement>(
      html`<div>
        <div style="height: 1500px"></div>
        <a id="target" href="#x">target</a>
        <div style="height: 1500px"></div>
        <privacy-banner></privacy-banner>
      </div>`,
    );
    consent.configure(siteConfig());
    const el = host.querySelector('privacy-banner')!;
    await el.updateComplete;
    const bar = el.shadowRoot!.querySelector('.bar')!.getBoundingClientRect();
    expect(document.documentElement.style.scrollPaddingBottom).to.equal(`${Math.ceil(bar.height)}px`);
    // Put the link right under the bar, then focus it.
    const target = host.querySelector<HTMLAnchorElement>('#target')!;
    window.scrollTo(0, target.offsetTop - window.innerHeight + 20);
    target.focus();
    await new Promise((r) => setTimeout(r, 50));
    const now = el.shadowRoot!.querySelector('.bar')!.getBoundingClientRect();
    expect(target.getBoundingClientRect().bottom).to.be.at.most(now.top + 1);
    parts(el).accept.click();
    await el.updateComplete;
    expect(document.documentElement.style.scrollPaddingBottom).to.equal('');
    window.scrollTo(0, 0);
  });

  it('center position is a modal dialog: focus inside, Escape hides it without a decision, focus returns (axe)', async () => {
    const host = await mount<HTMLDivElement>(
      html`<div><button id="opener">page</button><privacy-banner position="center"></privacy-banner></div>`,
    );
    host.querySelector<HTMLButtonElement>('#opener')!.focus();
    consent.configure(siteConfig());
    const el = host.querySelector('privacy-banner')!;
    await el.updateComplete;
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    expect(el.shadowRoot!.activeElement === null).to.equal(false);
    await expectAccessible(el, 'center');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(consent.get().decided).to.equal(false);
    expect(document.activeElement?.id).to.equal('opener');
  });

  it('"Customise" opens the cookie manager as a modal; saving there closes both', async () => {
    const el = await banner();
    parts(el).customize.click();
    // The manager's module loads on the first "Customise".
    await waitUntil(() => manager()?.open, 'the cookie manager opens', { timeout: 10_000 });
    const m = manager()!;
    await m.updateComplete;
    expect(m.modal).to.equal(true);
    expect(m.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
    await expectAccessible(m, 'manager over banner');
    const analytics = m.shadowRoot!.querySelector<HTMLInputElement>('[aria-label="Allow “Analytics”"]')!;
    analytics.click();
    await m.updateComplete;
    m.shadowRoot!.querySelector<HTMLButtonElement>('[part~="save"]')!.click();
    await oneEvent(document, 'consent-change');
    await el.updateComplete;
    await m.updateComplete;
    expect(el.open).to.equal(false);
    expect(m.open).to.equal(false);
    expect(consent.get().categories).to.deep.equal({ necessary: true, analytics: true, marketing: false });
  });

  it('reads its configuration from a child JSON script, and reports JSON mistakes', async () => {
    consentEngine().reset();
    const el = await mount<PrivacyBanner>(
      html`<privacy-banner>
        <script type="application/json">
          { "revision": "9", "categories": [{ "id": "necessary", "necessary": true }, { "id": "analytics" }] }
        </script>
      </privacy-banner>`,
    );
    await el.updateComplete;
    expect(consentEngine().config?.revision).to.equal('9');
    expect(el.open).to.equal(true);
    consentEngine().reset();
    const errors: CustomEvent[] = [];
    const listen = (e: Event) => errors.push(e as CustomEvent);
    document.addEventListener('assent-error', listen);
    const broken = document.createElement('privacy-banner');
    broken.innerHTML = '<script type="application/json">{ "categories": [ }</script>';
    document.body.append(broken);
    document.removeEventListener('assent-error', listen);
    broken.remove();
    expect(errors.map((e) => e.detail.code)).to.deep.equal(['invalid-config']);
    expect(errors[0]!.detail.message).to.contain('is not valid JSON');
  });

  it('shows the built-in message beside a config script and blank text; real content replaces it', async () => {
    const builtIn = 'We use necessary cookies';
    // Only text with layout boxes: a slot's fallback stays in the DOM even when it is not rendered.
    const message = (el: PrivacyBanner) => {
      const walker = document.createTreeWalker(el.shadowRoot!.querySelector('[part="message"]')!, 4);
      let shown = '';
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        if (range.getClientRects().length > 0) shown += node.textContent;
      }
      return shown.replace(/\s+/g, ' ');
    };
    consentEngine().reset();
    const withScript = await mount<PrivacyBanner>(
      html`<privacy-banner>
        <script type="application/json">
          {
            "revision": "s1",
            "storage": { "name": "${STATE_COOKIE}" },
            "categories": [{ "id": "analytics" }]
          }
        </script>
      </privacy-banner>`,
    );
    await withScript.updateComplete;
    expect(withScript.open).to.equal(true);
    const slot = withScript.shadowRoot!.querySelector<HTMLSlotElement>('[part="message"] slot')!;
    expect(slot.assignedNodes().length, 'the script and blank text are slotted').to.be.greaterThan(0);
    expect(message(withScript)).to.contain(builtIn);

    const withText = await banner(html`<privacy-banner> Our own words. </privacy-banner>`);
    await withText.updateComplete;
    expect(message(withText)).not.to.contain(builtIn);
    expect(withText.textContent).to.contain('Our own words.');

    const withElement = await banner(
      html`<privacy-banner>
        <span>Custom <b>message</b></span>
      </privacy-banner>`,
    );
    await withElement.updateComplete;
    expect(message(withElement)).not.to.contain(builtIn);
    // Removing the host's message brings the built-in one back.
    withElement.querySelector('span')!.remove();
    await oneEvent(withElement.shadowRoot!.querySelector('slot:not([name])')!, 'slotchange');
    await withElement.updateComplete;
    expect(message(withElement)).to.contain(builtIn);

    // Taken away while the banner is closed: it comes back with the built-in message.
    await withText.show();
    await withText.hide();
    withText.textContent = '';
    await withText.show();
    expect(message(withText)).to.contain(builtIn);
  });

  it('a placeholder allowing one service leaves the banner up and the rest undecided', async () => {
    const el = await banner();
    const holder = document.createElement('div');
    holder.setAttribute('data-test-gated', '');
    holder.innerHTML = `<iframe title="video" data-consent="marketing" data-service="youtube" data-src="about:blank#v"></iframe>`;
    document.body.append(holder);
    await consent.scan();
    // consent-change fires during the click.
    const changed = oneEvent(document, 'consent-change');
    holder.querySelector<HTMLButtonElement>('[data-assent-placeholder] button')!.click();
    await changed;
    await el.updateComplete;
    expect(el.open).to.equal(true);
    expect(consent.get()).to.deep.include({ decided: false, prompt: 'first' });
    expect(consent.get().categories).to.include({ analytics: false, marketing: false });
    expect(consent.has('youtube')).to.equal(true);
    parts(el).accept.click();
    await el.updateComplete;
    expect(el.open).to.equal(false);
  });

  it('opens the policy in <agreement-dialog>, loading the dialog only when asked', async () => {
    expect(customElements.get('agreement-dialog')).to.equal(undefined);
    let loads = 0;
    registerLoader('agreement-dialog', async () => {
      loads++;
      await import('../../src/elements/agreement-dialog/agreement-dialog.define.js');
    });
    const { makeDoc } = await import('./agreement-dialog-fixtures.js');
    const host = await mount<HTMLDivElement>(
      html`<div>
        <agreement-dialog id="policy-dialog"></agreement-dialog>
        <privacy-banner dialog="policy-dialog" policy-document="cookie-policy"></privacy-banner>
      </div>`,
    );
    consent.configure(siteConfig());
    const el = host.querySelector('privacy-banner')!;
    await el.updateComplete;
    const dialog = host.querySelector('agreement-dialog') as HTMLElement & {
      documents: unknown[];
      open: boolean;
      hide(): Promise<void>;
    };
    // Set before the element is defined: Lit takes it over on upgrade.
    dialog.documents = [makeDoc({ id: 'cookie-policy', title: 'Cookie policy' })];
    const link = parts(el).link!;
    const opened = new Promise<void>((resolve) => {
      const check = () => (dialog.open ? resolve() : setTimeout(check, 20));
      check();
    });
    link.click();
    await opened;
    expect(loads).to.equal(1);
    await dialog.hide();
  });
});
