import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateConfig, type ConfigOptions } from '../../src/consent/config.js';

describe('validateConfig', () => {
  it('accepts the documented options', () => {
    const options: ConfigOptions = {
      endpoint: 'https://api.example/receipts',
      headers: { 'X-CSRF-Token': 't' },
      credentials: 'include',
      transport: async () => true,
      countersign: () => 'sig',
      subject: 'u-1',
      nonce: async () => 'n-1',
      includeQuery: true,
      allowUnsigned: false,
      recordDeclines: false,
      maxAttempts: 3,
      timeoutMs: 5000,
      backoff: { initialMs: 100, factor: 3, maxMs: 1000 },
      outbox: { maxEntries: 10, maxAgeMs: 1000 },
      retryParkedAfterMs: 0,
      storageName: 'shop-app',
    };
    assert.deepEqual(validateConfig(options), []);
    assert.deepEqual(validateConfig({ endpoint: '/api/receipts', headers: () => ({}) }), []);
  });

  it('names every bad option', () => {
    const problems = validateConfig({
      endpoint: 'ftp://x/',
      headers: { 'Idempotency-Key': 'x', 'X-Number': 1 as unknown as string },
      credentials: 'always' as RequestCredentials,
      transport: 'fetch' as never,
      subject: 42 as never,
      includeQuery: 'yes' as never,
      maxAttempts: 1.5,
      timeoutMs: 0,
      backoff: { factor: 0.5 },
      outbox: { maxEntries: 0 },
      storageName: 'has space',
      colour: 'red',
    } as ConfigOptions);
    assert.deepEqual(problems.map((problem) => problem.option).sort(), [
      'backoff.factor',
      'colour',
      'credentials',
      'endpoint',
      'headers.Idempotency-Key',
      'headers.X-Number',
      'includeQuery',
      'maxAttempts',
      'outbox.maxEntries',
      'storageName',
      'subject',
      'timeoutMs',
      'transport',
    ]);
    for (const problem of problems) assert.ok(problem.message.startsWith(problem.option), problem.message);
  });
});
