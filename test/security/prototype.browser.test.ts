/**
 * Host- and storage-supplied JSON with `__proto__`, `constructor` and `prototype` keys at any depth,
 * through every public API that takes JSON: Object.prototype stays untouched and no gated script runs.
 * Ids that are Object.prototype member names are plain ids.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { agreementStore } from '../../src/consent/agreements.js';
import { configure, resetConfig } from '../../src/consent/config.js';
import { recordDecision } from '../../src/consent/record.js';
import { consent } from '../../src/cookies/index.js';
import { consentEngine } from '../../src/cookies/engine.js';
import { registerStrings, translate } from '../../src/i18n/translator.js';
import { parseReceipt, validateReceiptPayload } from '../../src/verify/index.js';
import { addMarkup, resetAll, siteConfig, STATE_COOKIE } from '../cookies/helpers.js';
import { decodeJwsPart } from '../support/payload.js';
import { probeKey, probeUrl, probesRan, settle } from './probe.js';

const KEYS = ['__proto__', 'constructor', 'prototype', 'en', 'zh-CN', 'necessary', 'analytics', 'ga', 'x'];

/** JSON text (what hosts and storage hand over), objects keyed from KEYS, nested up to a few levels. */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('true', 'false', 'null', '1', '"x"', '"{{constructor}}"'),
    tie('object'),
    tie('array'),
  ),
  object: fc
    .array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 4 })
    .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
  array: fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
})).object;

const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort();
const PRISTINE = prototypeNames();

function untouched(): void {
  expect(prototypeNames()).to.deep.equal(PRISTINE);
  const probe = {} as Record<string, unknown>;
  for (const key of ['necessary', 'analytics', 'ga', 'x', 'en']) expect(probe[key], key).to.equal(undefined);
}

describe('prototype pollution', () => {
  let gated: string;
  before(() => configure({ transport: () => true }));
  after(() => resetConfig());
  beforeEach(() => {
    resetAll();
    consent.configure(siteConfig());
    gated = probeKey('gated');
    addMarkup(
      `<script type="text/plain" data-consent="analytics" data-src="${probeUrl(gated, 'tag.js')}"></script>` +
        `<script type="text/plain" data-consent="marketing">(self.__probesRan ??= []).push('${gated}-inline')</script>`,
    );
  });

  const nothingRan = async () => {
    await consent.scan();
    await settle(50);
    expect(probesRan().filter((key) => key.startsWith(gated))).to.deep.equal([]);
  };

  it('registerStrings: {"en":{"__proto__":{"necessary":true}}} pollutes nothing and runs nothing', async () => {
    registerStrings(JSON.parse('{"en":{"__proto__":{"necessary":true,"analytics":true}}}'), true);
    registerStrings(
      JSON.parse('{"__proto__":{"necessary":true},"en":{"constructor":{"prototype":{"x":1}}}}'),
    );
    untouched();
    expect(consent.has('analytics')).to.equal(false);
    // A key that is an Object.prototype member reads as missing, not as a function.
    expect(translate('en', 'constructor')).to.equal('constructor');
    await nothingRan();
  });

  it('random JSON through every public JSON-taking API leaves Object.prototype untouched', async () => {
    await fc.assert(
      fc.asyncProperty(jsonText, fc.constantFrom(...KEYS), async (text, key) => {
        await body(text, key);
      }),
      { numRuns: 150 },
    );
    async function body(text: string, key: string) {
      const value = () => JSON.parse(text) as Record<string, unknown>;
      registerStrings(value(), true);
      registerStrings({ en: value() } as never, true);
      translate('en', `${key}.${key}`, value());
      for (const input of [
        value(),
        { ...siteConfig(), storage: value() },
        { ...siteConfig(), consentMode: { map: value() } },
      ]) {
        try {
          consent.configure(input as never);
        } catch {
          // Refused as invalid-config: what matters is what it left behind.
        }
      }
      configure(value() as never);
      configure({ backoff: value(), outbox: value(), headers: value() } as never);
      configure({ transport: () => true });
      // Stored state (the decision cookie, the agreements record) is outside data too.
      document.cookie = `${STATE_COOKIE}=${encodeURIComponent(text)}; path=/`;
      consentEngine().reset();
      consent.configure(siteConfig());
      consent.get();
      localStorage.setItem('assent:agreements', text);
      agreementStore().get(key);
      agreementStore().isAccepted([{ id: key, version: '1' }]);
      validateReceiptPayload(value());
      parseReceipt(`e30.${btoa(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.`);
      untouched();
      expect(consent.has('analytics')).to.equal(false);
    }
    await nothingRan();
  });

  it('receipt extensions with such keys are signed as plain data', async () => {
    const extensions = JSON.parse('{"__proto__":{"necessary":true},"constructor":{"prototype":{"x":1}}}');
    const recorded = await recordDecision({
      type: 'cookie',
      decision: 'accepted',
      locale: 'en',
      purposes: { ga: true },
      method: { element: 'api', action: 'save', label: 'Save' },
      extensions,
    });
    untouched();
    const payload = decodeJwsPart(recorded.jws!) as { extensions: object };
    expect(Object.hasOwn(payload.extensions, '__proto__')).to.equal(true);
    await nothingRan();
  });
});

describe('ids named like Object.prototype members', () => {
  before(() => configure({ transport: () => true }));
  after(() => resetConfig());
  beforeEach(resetAll);

  it('a service and a category called "constructor" are plain ids: allowing another grants neither', async () => {
    const key = probeKey('constructor');
    const config = siteConfig();
    config.categories!.push({ id: 'constructor', services: [{ id: 'valueof' }] });
    config.categories![1]!.services!.push({ id: 'constructor-svc' });
    // Lower-case ids only: "constructor" is the Object.prototype member a valid id can name.
    config.categories![2]!.services!.push({ id: 'tostring' });
    consent.configure(config);
    addMarkup(
      `<script type="text/plain" data-consent="constructor" data-src="${probeUrl(key, 'c.js')}"></script>`,
    );
    await consentEngine().grantService('ga');
    expect(consent.has('ga')).to.equal(true);
    expect(consent.has('constructor')).to.equal(false);
    expect(consent.has('valueof')).to.equal(false);
    await consent.save({ categories: { analytics: true } });
    expect(consent.has('constructor')).to.equal(false);
    await settle();
    expect(probesRan()).not.to.include(key);
    await consent.save({ categories: { constructor: true } });
    expect(consent.has('constructor')).to.equal(true);
    expect(consent.get().categories.constructor).to.equal(true);
  });
});
