/**
 * Gating must not turn injected markup into running script: once the page's nonce is known, only inert
 * scripts carrying it are activated; gated URLs are http(s) or relative; and the Trusted Types policy
 * `assent` is not reachable from the shared global as a pass-through.
 */
import { expect } from '@open-wc/testing';
import { configure, resetConfig } from '../../src/consent/config.js';
import { consent } from '../../src/cookies/index.js';
import { assentGlobal } from '../../src/internal/global.js';
import { addMarkup, resetAll, siteConfig } from '../cookies/helpers.js';
import { probeKey, probeRequests, probeUrl, probesRan, settle } from './probe.js';

const NONCE = 'page-nonce-3f9a';

function collectErrors(): { codes: string[]; stop(): void } {
  const codes: string[] = [];
  const listen = (event: Event) => codes.push((event as CustomEvent<{ code: string }>).detail.code);
  document.addEventListener('assent-error', listen);
  return { codes, stop: () => document.removeEventListener('assent-error', listen) };
}

describe('gating and injected markup', () => {
  before(() => configure({ transport: () => true }));
  after(() => resetConfig());
  beforeEach(resetAll);

  it('activates only inert scripts that carry the page nonce', async () => {
    const own = probeKey('own');
    const injected = probeKey('injected');
    const errors = collectErrors();
    consent.configure(siteConfig({ scriptNonce: NONCE }));
    // The host's own gated tag carries the nonce; the injected one (a comment field, say) cannot know it.
    const holder = addMarkup('');
    const mine = document.createElement('script');
    mine.type = 'text/plain';
    mine.setAttribute('data-consent', 'analytics');
    mine.setAttribute('data-src', probeUrl(own, 'tag.js'));
    mine.nonce = NONCE;
    holder.append(mine);
    addMarkup(
      `<script type="text/plain" data-consent="necessary" data-src="${probeUrl(injected, 'evil.js')}"></script>` +
        `<script type="text/plain" data-consent="necessary">(self.__probesRan ??= []).push('${injected}-inline')</script>`,
    );
    await consent.acceptAll();
    await settle();
    errors.stop();
    expect(probesRan()).to.include(own);
    expect(probesRan().filter((key) => key.startsWith(injected))).to.deep.equal([]);
    expect(await probeRequests(injected)).to.equal(0);
    expect(errors.codes).to.include('gated-script-refused');
  });

  it('loads gated scripts and embeds from http(s) or relative URLs only', async () => {
    const errors = collectErrors();
    consent.configure(siteConfig());
    const holder = addMarkup(
      `<iframe data-consent="necessary" data-src="javascript:parent.__embedRan=1"></iframe>` +
        `<iframe data-consent="necessary" data-src="data:text/html,<script>parent.__embedRan=2</script>"></iframe>` +
        `<script type="text/plain" data-consent="necessary" data-src="data:text/javascript,self.__embedRan=3"></script>`,
    );
    await consent.acceptAll();
    await settle();
    errors.stop();
    expect((window as { __embedRan?: number }).__embedRan).to.equal(undefined);
    for (const frame of holder.querySelectorAll('iframe')) expect(frame.hasAttribute('src')).to.equal(false);
    expect(errors.codes.filter((code) => code === 'unsafe-url')).to.have.length(3);
  });

  it('keeps the Trusted Types policy "assent" off the shared global', async function () {
    if (!('trustedTypes' in window)) this.skip(); // the engine has no Trusted Types: no policy to guard
    consent.configure(siteConfig());
    addMarkup(`<script type="text/plain" data-consent="necessary">self.__policyMade = 1</script>`);
    await consent.acceptAll();
    expect((window as { __policyMade?: number }).__policyMade).to.equal(1);
    // Anything any script can reach through Symbol.for('assent') that converts strings to script.
    const passThroughs = [...assentGlobal().singletons.values()].filter(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        ('createScript' in value || 'createScriptURL' in value),
    );
    expect(passThroughs).to.deep.equal([]);
  });
});
