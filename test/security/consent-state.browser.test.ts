/**
 * Forged consent state: a cookie with the decision's name that this origin did not write (a sibling
 * subdomain's, or one typed into the console) is no decision. Hosts that share decisions across
 * subdomains opt in with `storage.trustSubdomains`.
 */
import { expect } from '@open-wc/testing';
import { configure, resetConfig } from '../../src/consent/config.js';
import { validateConfig } from '../../src/cookies/config.js';
import { consentEngine } from '../../src/cookies/engine.js';
import { consent } from '../../src/cookies/index.js';
import {
  cookieName,
  ORIGIN_TOKEN_KEY,
  serializeState,
  type ConsentState,
} from '../../src/cookies/storage.js';
import { addMarkup, cookieNames, resetAll, siteConfig, STATE_COOKIE } from '../cookies/helpers.js';
import { probeKey, probeUrl, probesRan, settle } from './probe.js';

const DAY = 86_400_000;

/** What a sibling subdomain would set: a well-formed decision granting everything, without this origin's token. */
function forged(extra: Partial<ConsentState> = {}): string {
  const now = Date.now();
  return serializeState({
    v: 1,
    decision: 'accepted',
    categories: { necessary: true, analytics: true, marketing: true },
    services: { session: true, ga: true, youtube: true, ads: true },
    revision: '2026-01',
    decidedAt: now,
    updatedAt: now,
    expiresAt: now + 10 * DAY,
    ...extra,
  });
}

describe('forged consent state', () => {
  before(() => configure({ transport: () => true }));
  after(() => resetConfig());
  beforeEach(resetAll);

  it('a decision cookie this origin did not write enables nothing and is reported', async () => {
    const key = probeKey('forged');
    const errors: string[] = [];
    const listen = (event: Event) => errors.push((event as CustomEvent<{ code: string }>).detail.code);
    document.addEventListener('assent-error', listen);
    document.cookie = `${STATE_COOKIE}=${forged()}; path=/`;
    addMarkup(
      `<script type="text/plain" data-consent="analytics" data-src="${probeUrl(key, 'a.js')}"></script>`,
    );
    consent.configure(siteConfig());
    document.removeEventListener('assent-error', listen);
    expect(consent.get().decided).to.equal(false);
    expect(consent.get().prompt).to.equal('first');
    expect(consent.has('analytics')).to.equal(false);
    expect(errors).to.include('consent-state-refused');
    await settle();
    expect(probesRan()).not.to.include(key);

    // Nor one carrying a guessed token.
    document.cookie = `${STATE_COOKIE}=${forged({ o: 'guessed-token' })}; path=/`;
    consentEngine().reset();
    consent.configure(siteConfig());
    expect(consent.has('analytics')).to.equal(false);
  });

  it('a decision this origin wrote still counts after a reload', async () => {
    consent.configure(siteConfig());
    await consent.acceptAll();
    expect(localStorage.getItem(ORIGIN_TOKEN_KEY)).to.match(/^[0-9a-f]{32}$/);
    consentEngine().reset();
    consent.configure(siteConfig());
    expect(consent.get().decided).to.equal(true);
    expect(consent.has('analytics')).to.equal(true);
  });

  it('sharing across subdomains is an explicit opt-in that honours what subdomains write', () => {
    expect(() => validateConfig({ ...siteConfig(), storage: { domain: 'example.com' } })).to.throw(
      /storage\.trustSubdomains/,
    );
    document.cookie = `${STATE_COOKIE}=${forged()}; path=/`;
    consent.configure(siteConfig({ storage: { name: STATE_COOKIE, trustSubdomains: true } }));
    expect(consent.has('analytics')).to.equal(true);
  });

  it('the default cookie name takes the __Host- prefix where the cookie can carry it', async function () {
    const secure = validateConfig({ ...siteConfig(), storage: { secure: true } });
    expect(cookieName(secure)).to.equal('__Host-assent_consent');
    expect(cookieName(validateConfig({ ...siteConfig(), storage: { secure: true, path: '/app' } }))).to.equal(
      'assent_consent',
    );
    expect(cookieName(validateConfig({ ...siteConfig(), storage: { secure: false } }))).to.equal(
      'assent_consent',
    );
    consent.configure({ ...siteConfig(), storage: { secure: true } });
    await consent.acceptAll();
    try {
      // A browser that refuses Secure cookies on http://localhost stores none at all.
      if (!cookieNames().some((name) => name.startsWith('__Host-'))) this.skip();
      expect(cookieNames()).to.include('__Host-assent_consent');
      expect(cookieNames()).not.to.include('assent_consent');
    } finally {
      consentEngine().forget();
    }
  });
});
