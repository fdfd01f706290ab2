import { expect } from '@open-wc/testing';
import { decodeJwsPart } from '../support/payload.js';
import { consent } from '../../src/cookies/index.js';
import { ConsentConfigError, validateConfig } from '../../src/cookies/config.js';
import { consentEngine } from '../../src/cookies/engine.js';
import {
  candidateDomains,
  candidatePaths,
  originToken,
  parseState,
  serializeState,
  type ConsentState,
} from '../../src/cookies/storage.js';
import { addMarkup, cookieNames, nextTask, resetAll, siteConfig, STATE_COOKIE } from './helpers.js';

const DAY = 86_400_000;

function storedState(overrides: Partial<ConsentState> = {}): ConsentState {
  const now = Date.now();
  return {
    v: 1,
    decision: 'accepted',
    categories: { necessary: true, analytics: true, marketing: false },
    services: { session: true, ga: true, youtube: false, ads: false },
    revision: '2026-01',
    decidedAt: now,
    updatedAt: now,
    expiresAt: now + 10 * DAY,
    o: originToken(true), // written by this origin (see test/security for cookies that were not)
    ...overrides,
  };
}

describe('consent engine: configuration', () => {
  beforeEach(resetAll);

  it('lists every mistake with where it is, and reports assent-error', () => {
    const errors: CustomEvent[] = [];
    const listen = (event: Event) => errors.push(event as CustomEvent);
    document.addEventListener('assent-error', listen);
    try {
      expect(() =>
        consent.configure({
          expiryDays: -1,
          categories: [
            {
              id: 'Analytics',
              services: [{ id: 'ga', cookies: [{ name: '(_ga', regex: true }, { name: 'bad name' }] }],
            },
            { id: 'ads', necessary: true, gpc: true },
            { id: 'ga' },
          ],
          storage: { sameSite: 'none' as 'None' },
          consentMode: { map: { video: ['ad_storage'] }, defaults: { analytics: 'denied' } as never },
        }),
      ).to.throw(ConsentConfigError);
    } finally {
      document.removeEventListener('assent-error', listen);
    }
    expect(errors).to.have.length(1);
    expect(errors[0]!.detail.code).to.equal('invalid-config');
    const message: string = errors[0]!.detail.message;
    for (const expected of [
      'expiryDays must be a number of days',
      'categories[0].id must be a lower-case id like "analytics"',
      'categories[0].services[0].cookies[0].name "(_ga" is not a valid regular expression',
      'categories[0].services[0].cookies[1].name "bad name" is not a valid cookie name',
      'categories[1] cannot be both necessary and gpc',
      'categories[2].id "ga" is used twice',
      'storage.sameSite must be "Lax", "Strict" or "None"',
      'consentMode.map names "video", which is no category or service',
      'consentMode.defaults has unknown signal "analytics"',
    ]) {
      expect(message).to.contain(expected);
    }
  });

  it('fills defaults: revision as a string, 180 days, cookie name, Lax', () => {
    const config = validateConfig({ revision: 3, categories: [{ id: 'necessary', necessary: true }] });
    expect(config.revision).to.equal('3');
    expect(config.expiryDays).to.equal(180);
    expect(config.storage).to.include({ name: 'assent_consent', path: '/', sameSite: 'Lax' });
    expect(config.recordDeclines).to.equal(true);
  });

  it('treats corrupt, foreign or future-version state as no decision, without throwing', () => {
    const bad = [
      'not json',
      '%E0%A4%A',
      encodeURIComponent('{"v":2,"decision":"accepted"}'),
      encodeURIComponent('[1,2]'),
      encodeURIComponent(JSON.stringify({ ...storedState(), categories: { analytics: 'yes' } })),
      encodeURIComponent(JSON.stringify({ ...storedState(), expiresAt: 'soon' })),
      encodeURIComponent('null'),
    ];
    for (const text of bad) {
      expect(parseState(text), text).to.equal(undefined);
      document.cookie = `${STATE_COOKIE}=${text}; path=/`;
      consentEngine().reset();
      consent.configure(siteConfig());
      const snapshot = consent.get();
      expect(snapshot.decided, text).to.equal(false);
      expect(snapshot.prompt, text).to.equal('first');
      expect(consent.has('analytics')).to.equal(false);
      expect(consent.has('necessary')).to.equal(true);
    }
    const good = storedState();
    expect(parseState(serializeState(good))).to.deep.equal(good);
  });

  it('tries every domain suffix and path prefix a cookie could live on', () => {
    expect(candidateDomains('www.shop.example.com')).to.deep.equal([
      undefined,
      'www.shop.example.com',
      '.www.shop.example.com',
      'shop.example.com',
      '.shop.example.com',
      'example.com',
      '.example.com',
    ]);
    expect(candidateDomains('127.0.0.1')).to.deep.equal([undefined]);
    expect(candidateDomains('localhost')).to.deep.equal([undefined]);
    expect(candidatePaths('/a/b/page.html')).to.deep.equal([
      '/',
      '/a',
      '/a/',
      '/a/b',
      '/a/b/',
      '/a/b/page.html',
      '/a/b/page.html/',
    ]);
  });
});

describe('consent engine: stored decision, revision and expiry', () => {
  beforeEach(resetAll);

  it('stores decision, categories, services, revision, timestamps in the configured cookie', async () => {
    consent.configure(siteConfig({ storage: { name: `${STATE_COOKIE}_site` } }));
    expect(consent.get().prompt).to.equal('first');
    const before = Date.now();
    const snapshot = await consent.acceptAll();
    expect(snapshot.decided).to.equal(true);
    expect(snapshot.decision).to.equal('accepted');
    expect(snapshot.categories).to.deep.equal({ necessary: true, analytics: true, marketing: true });
    expect(snapshot.services).to.deep.equal({ session: true, ga: true, youtube: true, ads: true });
    expect(snapshot.revision).to.equal('2026-01');
    expect(Date.parse(snapshot.decidedAt!)).to.be.at.least(before);
    const expires = Date.parse(snapshot.expiresAt!) - Date.parse(snapshot.updatedAt!);
    expect(expires).to.equal(180 * DAY);
    expect(cookieNames()).to.include(`${STATE_COOKIE}_site`);
    // A fresh engine (next page view) reads it back.
    consentEngine().reset();
    consent.configure(siteConfig({ storage: { name: `${STATE_COOKIE}_site` } }));
    expect(consent.get().decided).to.equal(true);
    expect(consent.has('ga')).to.equal(true);
  });

  it('records a signed cookie receipt for every decision and keeps its id with the decision', async () => {
    consent.configure(siteConfig());
    const created: CustomEvent[] = [];
    const listen = (event: Event) => created.push(event as CustomEvent);
    document.addEventListener('receipt-created', listen);
    try {
      const accepted = await consent.acceptAll({
        element: 'privacy-banner',
        label: 'Accept all',
        locale: 'en',
      });
      const withdrawn = await consent.withdraw({
        element: 'cookie-manager',
        label: 'Withdraw consent',
        locale: 'en',
      });
      expect(String(accepted.receiptId)).to.match(/^[0-9a-f-]{36}$/);
      expect(String(withdrawn.receiptId)).to.match(/^[0-9a-f-]{36}$/);
      expect(withdrawn.receiptId).not.to.equal(accepted.receiptId);
    } finally {
      document.removeEventListener('receipt-created', listen);
    }
    expect(created).to.have.length(2);
    const first = decodeJwsPart(created[0]!.detail.receipt);
    expect(first).to.deep.include({ type: 'cookie', decision: 'accepted', locale: 'en' });
    expect(first.method).to.deep.equal({
      element: 'privacy-banner',
      action: 'accept-all',
      label: 'Accept all',
    });
    expect(first.purposes).to.deep.equal({
      necessary: true,
      analytics: true,
      marketing: true,
      session: true,
      ga: true,
      youtube: true,
      ads: true,
    });
    const second = decodeJwsPart(created[1]!.detail.receipt);
    expect(second).to.deep.include({ type: 'cookie', decision: 'withdrawn' });
    expect(second.method).to.include({ action: 'withdraw' });
    expect(second.purposes).to.include({ analytics: false, ga: false, necessary: true });
  });

  it('asks again when the revision changes', async () => {
    consent.configure(siteConfig());
    await consent.rejectAll();
    consentEngine().reset();
    consent.configure(siteConfig());
    expect(consent.get().prompt).to.equal(null);
    consentEngine().reset();
    // A refusal is not asked about again within the cooldown (48 h by default), even for a new revision.
    consent.configure(siteConfig({ revision: '2026-06' }));
    expect(consent.get().prompt).to.equal(null);
    expect(consent.has('analytics')).to.equal(false, 'nothing refused comes back meanwhile');
    consentEngine().reset();
    consent.configure(siteConfig({ revision: '2026-06', refusalCooldownHours: 0 }));
    const snapshot = consent.get();
    expect(snapshot.prompt).to.equal('revision');
    expect(snapshot.decided).to.equal(false);
  });

  it('asks again after a refusal only once the cooldown has passed; an acceptance is asked again at once', () => {
    const refused = storedState({
      revision: '2025-01',
      decision: 'declined',
      updatedAt: Date.now() - 47 * 3_600_000,
    });
    document.cookie = `${STATE_COOKIE}=${serializeState(refused)}; path=/`;
    consent.configure(siteConfig());
    expect(consent.get().prompt).to.equal(null);
    consentEngine().reset();
    document.cookie = `${STATE_COOKIE}=${serializeState({ ...refused, updatedAt: Date.now() - 49 * 3_600_000 })}; path=/`;
    consent.configure(siteConfig());
    expect(consent.get().prompt).to.equal('revision');
    consentEngine().reset();
    const accepted = storedState({
      revision: '2025-01',
      categories: { necessary: true, analytics: true, marketing: true },
    });
    document.cookie = `${STATE_COOKIE}=${serializeState(accepted)}; path=/`;
    consent.configure(siteConfig());
    expect(consent.get().prompt).to.equal('revision');
    expect(() => consentEngine().configure(siteConfig({ refusalCooldownHours: -1 }))).to.throw(
      /refusalCooldownHours/,
    );
  });

  it('asks again when the decision expired', () => {
    const old = Date.now() - 3 * DAY; // a refusal of marketing, made before the cooldown
    document.cookie = `${STATE_COOKIE}=${serializeState(storedState({ expiresAt: Date.now() - 1000, updatedAt: old }))}; path=/`;
    consent.configure(siteConfig());
    expect(consent.get().prompt).to.equal('expired');
    expect(consent.has('analytics')).to.equal(false);
    document.cookie = `${STATE_COOKIE}=${serializeState(storedState())}; path=/`;
    consentEngine().reset();
    consent.configure(siteConfig());
    expect(consent.get().prompt).to.equal(null);
    expect(consent.has('analytics')).to.equal(true);
  });

  it('save keeps per-service choices; a service follows its category unless named', async () => {
    consent.configure(siteConfig());
    const snapshot = await consent.save({ categories: { analytics: true }, services: { youtube: true } });
    expect(snapshot.categories).to.deep.equal({ necessary: true, analytics: true, marketing: true });
    expect(snapshot.services).to.deep.equal({ session: true, ga: true, youtube: true, ads: false });
    expect(snapshot.decision).to.equal('accepted');
    expect(consent.has('ads')).to.equal(false);
    const partial = await consent.save({ categories: { analytics: false, marketing: false } });
    expect(partial.decision).to.equal('declined');
  });

  it('fires consent-change on document and calls on("change") listeners with what changed', async () => {
    consent.configure(siteConfig());
    const events: CustomEvent[] = [];
    const listen = (event: Event) => events.push(event as CustomEvent);
    document.addEventListener('consent-change', listen);
    const seen: string[][] = [];
    const stop = consent.on('change', (_snapshot, detail) => seen.push(detail.changed));
    try {
      await consent.save({ categories: { analytics: true } });
      stop();
      await consent.withdraw();
    } finally {
      document.removeEventListener('consent-change', listen);
    }
    expect(events.map((e) => e.detail.decision)).to.deep.equal(['updated', 'withdrawn']);
    expect(events[0]!.detail.purposes).to.include({ analytics: true, ga: true, marketing: false });
    expect(events[0]!.detail.changed).to.have.members(['analytics', 'ga']);
    expect(events[1]!.detail.changed).to.have.members(['analytics', 'ga']);
    expect(seen).to.have.length(1);
  });
});

describe('consent engine: script gating and clearing', () => {
  beforeEach(resetAll);

  it('runs a gated script only after consent, in document order, keeping its attributes', async () => {
    addMarkup(`
      <script type="text/plain" data-consent="analytics" data-id="first" nonce="abc" referrerpolicy="no-referrer">
        (window.__gatedRuns = window.__gatedRuns || []).push('inline-1');
        document.cookie = '_ga=GA1.1.1; path=/';
        document.cookie = '_ga_XYZ=GS1; path=/';
      </script>
      <script type="text/plain" data-consent="analytics" data-src="/test/cookies/fixtures/gated-tag.js" crossorigin="anonymous"></script>
      <script type="text/plain" data-consent="analytics">window.__gatedRuns.push('inline-2');</script>
      <script type="text/plain" data-consent="marketing">window.__gatedRuns.push('marketing');</script>`);
    consent.configure(siteConfig());
    await nextTask();
    expect(window.__gatedRuns).to.equal(undefined);
    expect(cookieNames()).not.to.include('_ga');

    await consent.save({ categories: { analytics: true } });
    expect(window.__gatedRuns).to.deep.equal(['inline-1', 'external', 'inline-2']);
    expect(cookieNames()).to.include.members(['_ga', '_ga_XYZ', '_tag_id']);
    const ran = document.querySelector<HTMLScriptElement>('script[data-id="first"]')!;
    expect(ran.type).to.equal('');
    expect(ran.nonce).to.equal('abc');
    expect(ran.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect(
      document.querySelector('script[data-src], script[crossorigin]')!.getAttribute('crossorigin'),
    ).to.equal('anonymous');

    // Runs once: a second decision does not run them again.
    await consent.acceptAll();
    expect(window.__gatedRuns).to.deep.equal(['inline-1', 'external', 'inline-2', 'marketing']);
  });

  it('clears the refused services’ cookies and storage keys after reject and after withdrawal', async () => {
    const path = location.pathname.replace(/\/[^/]*$/, '') || '/';
    consent.configure(siteConfig());
    await consent.acceptAll();
    const plant = () => {
      document.cookie = '_ga=1; path=/';
      document.cookie = `_ga_ABC=2; path=${path}`; // a path the script cannot see: every prefix is tried
      document.cookie = 'ad_id=3; path=/';
      document.cookie = 'sid=keep; path=/';
      document.cookie = 'unrelated=keep; path=/';
      localStorage.setItem('ga:client', '1');
      localStorage.setItem('ga-session', '1');
      sessionStorage.setItem('ga-tab', '1');
      localStorage.setItem('app:theme', 'dark');
    };
    plant();
    expect(cookieNames()).to.include.members(['_ga', '_ga_ABC', 'ad_id']);
    await consent.rejectAll();
    expect(cookieNames()).not.to.include.members(['_ga']);
    expect(cookieNames()).not.to.include('_ga_ABC');
    expect(cookieNames()).not.to.include('ad_id');
    expect(cookieNames()).to.include.members(['sid', 'unrelated', STATE_COOKIE]);
    expect(localStorage.getItem('ga:client')).to.equal(null);
    expect(localStorage.getItem('ga-session')).to.equal(null);
    expect(sessionStorage.getItem('ga-tab')).to.equal(null);
    expect(localStorage.getItem('app:theme')).to.equal('dark');

    await consent.acceptAll();
    plant();
    const snapshot = await consent.withdraw();
    expect(snapshot.decision).to.equal('withdrawn');
    expect(snapshot.decided).to.equal(true);
    expect(cookieNames()).not.to.include('_ga');
    expect(cookieNames()).not.to.include('ad_id');
    expect(consent.has('analytics')).to.equal(false);
  });

  it('runs "!category" scripts on refusal only', async () => {
    addMarkup(`
      <script type="text/plain" data-consent="!analytics">(window.__gatedRuns = window.__gatedRuns || []).push('no-analytics');</script>
      <script type="text/plain" data-consent="analytics">(window.__gatedRuns = window.__gatedRuns || []).push('analytics');</script>`);
    consent.configure(siteConfig());
    await nextTask();
    expect(window.__gatedRuns).to.equal(undefined);
    await consent.rejectAll();
    expect(window.__gatedRuns).to.deep.equal(['no-analytics']);
  });

  it('gates by service with data-service', async () => {
    addMarkup(`
      <script type="text/plain" data-consent="marketing" data-service="youtube">(window.__gatedRuns = window.__gatedRuns || []).push('youtube');</script>
      <script type="text/plain" data-consent="marketing" data-service="ads">(window.__gatedRuns = window.__gatedRuns || []).push('ads');</script>`);
    consent.configure(siteConfig());
    await consent.save({ services: { youtube: true } });
    expect(window.__gatedRuns).to.deep.equal(['youtube']);
  });

  it('puts a localized placeholder in place of a gated iframe; its button consents to that one service', async () => {
    const holder = addMarkup(
      `<div lang="zh-CN"><iframe title="video" width="320" height="180" data-consent="marketing" data-service="youtube" data-src="about:blank#video"></iframe></div>`,
    );
    consent.configure(siteConfig());
    const iframe = holder.querySelector('iframe')!;
    const placeholder = holder.querySelector<HTMLElement>('[data-assent-placeholder]')!;
    expect(iframe.hidden).to.equal(true);
    expect(iframe.hasAttribute('src')).to.equal(false);
    expect(placeholder.textContent).to.contain('此内容由 YouTube 提供');
    expect(placeholder.getBoundingClientRect().height).to.be.closeTo(180, 1);
    const changed = new Promise<CustomEvent>((resolve) =>
      document.addEventListener('consent-change', (e) => resolve(e as CustomEvent), { once: true }),
    );
    placeholder.querySelector('button')!.click();
    const event = await changed;
    expect(event.detail.purposes).to.include({ youtube: true, ads: false });
    expect(iframe.getAttribute('src')).to.equal('about:blank#video');
    expect(iframe.hidden).to.equal(false);
    expect(holder.querySelector('[data-assent-placeholder]') === null).to.equal(true);
    expect(consent.has('youtube')).to.equal(true);
    expect(consent.has('ads')).to.equal(false);
  });
});

describe('consent engine: one service allowed before any decision', () => {
  beforeEach(resetAll);

  const payload = (jws: string) => decodeJwsPart(jws);

  it('grants that service alone, keeps the rest undecided and signs a receipt for it', async () => {
    const holder = addMarkup(
      `<iframe title="video" data-consent="marketing" data-service="youtube" data-src="about:blank#one"></iframe>
       <iframe title="ad" data-consent="marketing" data-service="ads" data-src="about:blank#ad"></iframe>
       <script type="text/plain" data-consent="analytics">(window.__gatedRuns ??= []).push('analytics');</script>`,
    );
    consent.configure(siteConfig());
    const created = new Promise<CustomEvent>((resolve) =>
      document.addEventListener('receipt-created', (e) => resolve(e as CustomEvent), { once: true }),
    );
    const [video, ad] = holder.querySelectorAll('iframe');
    holder.querySelector<HTMLButtonElement>('[data-assent-placeholder] button')!.click();
    const receipt = payload((await created).detail.receipt);
    await nextTask();

    const now = consent.get();
    expect(now.decided).to.equal(false);
    expect(now.prompt).to.equal('first');
    expect(now.decision).to.equal(null);
    expect(now.services).to.include({ youtube: true, ads: false, ga: false });
    expect(now.categories).to.include({ marketing: false, analytics: false });
    expect(video!.getAttribute('src')).to.equal('about:blank#one');
    expect(ad!.hasAttribute('src')).to.equal(false);
    expect(window.__gatedRuns).to.equal(undefined);
    expect(receipt).to.deep.include({ type: 'cookie', decision: 'accepted', purposes: { youtube: true } });
    expect(receipt.method).to.deep.include({ action: 'accept-service' });

    // The grant survives the next page view and still asks for a decision.
    consentEngine().reset();
    consent.configure(siteConfig());
    expect(consent.has('youtube')).to.equal(true);
    expect(consent.has('ads')).to.equal(false);
    expect(consent.get().prompt).to.equal('first');

    // A later decision replaces it: accepting everything, or refusing everything (the grant included).
    await consent.acceptAll();
    expect(consent.get()).to.deep.include({ decided: true, decision: 'accepted' });
    await consent.rejectAll();
    expect(consent.has('youtube')).to.equal(false);
  });

  it('keeps the banner saying why it asks again (new revision) after a single service is allowed', async () => {
    const old = Date.now() - 3 * DAY; // its refusal of marketing is older than the cooldown
    document.cookie = `${STATE_COOKIE}=${serializeState(storedState({ revision: '2025-01', updatedAt: old }))}; path=/`;
    consent.configure(siteConfig());
    expect(consent.get().prompt).to.equal('revision');
    await consentEngine().grantService('youtube');
    expect(consent.get()).to.deep.include({ decided: false, prompt: 'revision' });
    expect(consent.has('youtube')).to.equal(true);
    // The older decision no longer counts: analytics was granted under the old revision only.
    expect(consent.has('analytics')).to.equal(false);
  });

  it('keeps a refused service refused after a decision, unless its placeholder grants it', async () => {
    consent.configure(siteConfig());
    await consent.rejectAll();
    const holder = addMarkup(
      `<iframe title="video" data-consent="marketing" data-service="youtube" data-src="about:blank#two"></iframe>`,
    );
    await consent.scan();
    // consent-change fires during the click.
    const changed = new Promise((resolve) =>
      document.addEventListener('consent-change', resolve, { once: true }),
    );
    holder.querySelector<HTMLButtonElement>('[data-assent-placeholder] button')!.click();
    await changed;
    expect(consent.get()).to.deep.include({ decided: true, decision: 'updated' });
    expect(consent.has('youtube')).to.equal(true);
    expect(consent.has('ads')).to.equal(false);
  });
});

describe('consent engine: Google Consent Mode v2', () => {
  beforeEach(() => {
    resetAll();
    delete window.dataLayer;
    delete window.gtag;
  });

  const calls = () =>
    (window.dataLayer ?? []).map((entry) =>
      entry && typeof entry === 'object' && 'length' in (entry as object)
        ? Array.from(entry as ArrayLike<unknown>)
        : entry,
    );

  it('sends default (all seven denied, wait_for_update) before the tag, then update on every change', async () => {
    addMarkup(
      `<script type="text/plain" data-consent="analytics" data-src="/test/cookies/fixtures/gated-tag.js"></script>`,
    );
    consent.configure(siteConfig({ consentMode: { waitForUpdate: 800 } }));
    expect(calls()).to.deep.equal([
      [
        'consent',
        'default',
        {
          ad_storage: 'denied',
          ad_user_data: 'denied',
          ad_personalization: 'denied',
          analytics_storage: 'denied',
          functionality_storage: 'denied',
          personalization_storage: 'denied',
          security_storage: 'denied',
          wait_for_update: 800,
        },
      ],
    ]);
    await consent.save({ categories: { analytics: true } });
    const afterAccept = calls();
    expect(afterAccept[1]).to.deep.equal([
      'consent',
      'update',
      {
        ad_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
        analytics_storage: 'granted',
        functionality_storage: 'denied',
        personalization_storage: 'denied',
        security_storage: 'granted',
      },
    ]);
    // The tag ran after default and update.
    expect(afterAccept[2]).to.deep.equal({ event: 'tag-loaded' });
    await consent.rejectAll();
    const last = calls().at(-1) as unknown[];
    expect(last[1]).to.equal('update');
    expect((last[2] as Record<string, string>).analytics_storage).to.equal('denied');
  });

  it('sends the default once per page, even when configured twice (API in <head>, then the element)', async () => {
    consent.configure(siteConfig({ consentMode: true }));
    await consent.acceptAll();
    consent.configure(siteConfig({ consentMode: true }));
    const commands = calls().map((call) => (call as unknown[])[1]);
    expect(commands).to.deep.equal(['default', 'update', 'update']);
  });

  it('uses the host mapping and defaults, and updates at once from a stored decision', async () => {
    consent.configure(
      siteConfig({
        consentMode: {
          map: { ga: ['analytics_storage'], youtube: ['ad_storage'] },
          defaults: { security_storage: 'granted' },
        },
      }),
    );
    await consent.save({ services: { ga: true, youtube: false, ads: true } });
    delete window.dataLayer;
    delete window.gtag;
    consentEngine().reset();
    consent.configure(
      siteConfig({
        consentMode: {
          map: { ga: ['analytics_storage'], youtube: ['ad_storage'] },
          defaults: { security_storage: 'granted' },
        },
      }),
    );
    const [first, second] = calls() as unknown[][];
    expect(first![1]).to.equal('default');
    expect((first![2] as Record<string, unknown>).security_storage).to.equal('granted');
    expect(second![1]).to.equal('update');
    expect(second![2]).to.include({ analytics_storage: 'granted', ad_storage: 'denied' });
  });
});
