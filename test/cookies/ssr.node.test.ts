/**
 * The cookie modules import cleanly where there is no DOM (server rendering, Node tooling), and the
 * pure parts — configuration validation, stored-state parsing, Consent Mode mapping — work there.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

describe('cookie modules without a DOM', () => {
  it('import without touching window or document, and define nothing', async () => {
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
    const cookies = await import('../../src/cookies/index.js');
    await import('../../src/elements/privacy-banner/privacy-banner.define.js');
    await import('../../src/elements/cookie-manager/cookie-manager.define.js');
    const snapshot = cookies.consent.get();
    assert.equal(snapshot.decided, false);
    assert.equal(snapshot.prompt, null, 'no configuration: nothing to ask');
    assert.equal(cookies.consent.has('analytics'), false);
  });

  it('validates a configuration and lists every mistake', async () => {
    const { validateConfig, ConsentConfigError } = await import('../../src/cookies/config.js');
    const config = validateConfig({
      categories: [
        { id: 'necessary', necessary: true },
        { id: 'ads', gpc: true },
      ],
    });
    assert.equal(config.revision, '1');
    assert.equal(config.storage.name, 'assent_consent');
    assert.throws(
      () =>
        validateConfig({
          categories: [{ id: 'X' }, { id: 'x', services: [{ id: 'x' }] }],
          storage: { domain: 'localhost' },
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConsentConfigError);
        assert.deepEqual(error.problems, [
          'categories[0].id must be a lower-case id like "analytics" (letters, digits, _ . -), got "X"',
          'categories[1].services[0].id "x" is used twice (category and service ids share one namespace)',
          'storage.domain must be a registrable domain like "example.com"',
        ]);
        return true;
      },
    );
    assert.throws(() => validateConfig('nope'), /the configuration must be an object/);
  });

  it('parses stored state defensively', async () => {
    const { parseState, serializeState } = await import('../../src/cookies/storage.js');
    const state = {
      v: 1 as const,
      decision: 'declined' as const,
      categories: { necessary: true, analytics: false },
      services: {},
      revision: '3',
      decidedAt: 1,
      updatedAt: 2,
      expiresAt: 3,
      receiptId: '6f1c2c4e-7d7a-4f43-9a55-0a4d2c1e9b10',
    };
    assert.deepEqual(parseState(serializeState(state)), state);
    for (const bad of [
      '',
      '{',
      '%',
      encodeURIComponent('{"v":1}'),
      encodeURIComponent(JSON.stringify({ ...state, receiptId: 7 })),
    ]) {
      assert.equal(parseState(bad), undefined, bad);
    }
  });

  it('maps categories to the seven Consent Mode signals', async () => {
    const { validateConfig } = await import('../../src/cookies/config.js');
    const { signalsFor } = await import('../../src/cookies/consent-mode.js');
    const config = validateConfig({
      consentMode: { defaults: { security_storage: 'granted' } },
      categories: [{ id: 'necessary', necessary: true }, { id: 'marketing' }, { id: 'analytics' }],
    });
    assert.deepEqual(
      signalsFor(config, (id) => id === 'marketing'),
      {
        ad_storage: 'granted',
        ad_user_data: 'granted',
        ad_personalization: 'granted',
        analytics_storage: 'denied',
        functionality_storage: 'denied',
        personalization_storage: 'denied',
        security_storage: 'granted',
      },
    );
  });
});
