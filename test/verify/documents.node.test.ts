/**
 * `verifyReceipt(jws, { documents })` against the hashes `assent hash FILE` prints for the test
 * corpus: the backend registers what the CLI prints, and only receipts for those texts pass.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NodeSigner } from '../support/mint.js';
import { main } from '../../src/cli/main.js';
import { verifyReceipt } from '../../src/verify/index.js';

const corpus = new URL('../fixtures/corpus/', import.meta.url).pathname;
const files = readdirSync(corpus)
  .filter((file) => /\.(txt|md|html)$/.test(file) && file !== 'README.md')
  .sort();

async function assentHash(file: string): Promise<string> {
  let out = '';
  const code = await main(['hash', file], { out: (text) => (out += text), err: () => undefined });
  assert.equal(code, 0);
  return out.trim();
}

describe('verifyReceipt with documents registered from `assent hash`', () => {
  it('accepts receipts for registered texts and refuses others', async () => {
    const [first, second] = files.slice(0, 2).map((file) => join(corpus, file)) as [string, string];
    const registered = await assentHash(first);
    const other = await assentHash(second);
    assert.match(registered, /^[0-9a-f]{64}$/);
    const signer = new NodeSigner();
    const read = { reachedEnd: true, dwellMs: 1, keyClausesSeen: 0, keyClausesTotal: 0 };
    const good = signer.next({
      documents: [{ id: 'terms', version: '1', title: 'Terms', sha256: registered, read }],
    });
    const bad = signer.next({
      documents: [{ id: 'terms', version: '1', title: 'Terms', sha256: other, read }],
    });
    assert.equal((await verifyReceipt(good.jws, { documents: [registered] })).ok, true);
    const refused = await verifyReceipt(bad.jws, { documents: [registered] });
    assert.equal(refused.ok ? 'ok' : refused.reason, 'unknown-document');
  });
});
