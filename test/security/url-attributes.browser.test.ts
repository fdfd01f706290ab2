/**
 * Host-given URL attributes (`policy-href`, `<policy-document src>`) are followed, rendered or fetched
 * only when they are http(s) or relative; anything else is refused with an `assent-error`.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/elements/policy-document/policy-document.define.js';
import '../../src/elements/privacy-banner/privacy-banner.define.js';
import type { PolicyDocumentElement } from '../../src/elements/policy-document/policy-document.js';
import type { PrivacyBanner } from '../../src/elements/privacy-banner/privacy-banner.js';
import { consent } from '../../src/cookies/index.js';
import { mount, resetAll, siteConfig } from '../cookies/helpers.js';

const HOSTILE = [
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
];

function collectErrors(): { codes: string[]; stop(): void } {
  const codes: string[] = [];
  const listen = (event: Event) => codes.push((event as CustomEvent<{ code: string }>).detail.code);
  document.addEventListener('assent-error', listen);
  return { codes, stop: () => document.removeEventListener('assent-error', listen) };
}

describe('URL attributes', () => {
  beforeEach(resetAll);

  for (const href of HOSTILE) {
    it(`privacy-banner policy-href=${JSON.stringify(href)} is refused and never rendered or followed`, async () => {
      const errors = collectErrors();
      consent.configure(siteConfig());
      const banner = await mount<PrivacyBanner>(html`<privacy-banner policy-href=${href}></privacy-banner>`);
      await banner.updateComplete;
      errors.stop();
      expect(banner.open).to.equal(true);
      const links = [...banner.shadowRoot!.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
      expect(links.filter((link) => !/^(https?:|\/|#|$)/.test(link.trim()))).to.deep.equal([]);
      expect(errors.codes).to.include('unsafe-url');
    });
  }

  it('privacy-banner keeps http(s) and relative policy links', async () => {
    consent.configure(siteConfig());
    for (const href of ['/cookies.html', 'https://example.com/cookies', 'policies/cookies.html']) {
      const banner = await mount<PrivacyBanner>(html`<privacy-banner policy-href=${href}></privacy-banner>`);
      await banner.updateComplete;
      expect(banner.shadowRoot!.querySelector('[part="policy-link"]')!.getAttribute('href')).to.equal(href);
      banner.parentElement!.remove();
    }
  });

  for (const src of [...HOSTILE, 'data:text/markdown,# Terms%0A%0AHello']) {
    it(`policy-document src=${JSON.stringify(src)} is never fetched`, async () => {
      const errors = collectErrors();
      const element = document.createElement('policy-document') as PolicyDocumentElement;
      element.setAttribute('doc-id', 'terms');
      element.setAttribute('src', src);
      element.setAttribute('format', 'markdown');
      document.body.append(element);
      try {
        await element.load().then(
          () => expect.fail('a non-http(s) src must not load'),
          (error: Error) => expect(error.name).to.equal('PolicyDocumentError'),
        );
        expect(errors.codes).to.include('unsafe-url');
      } finally {
        errors.stop();
        element.remove();
      }
    });
  }
});
