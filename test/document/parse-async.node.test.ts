/**
 * `parsePolicyAsync` runs the same steps as `parsePolicy`, pausing between slices and hashing with
 * `crypto.subtle`: over the whole corpus, in both canonical-text versions, the two give the same
 * document (blocks, ids, key clauses, canonical text, sha-256), and the hashes the corpus pins
 * (corpus-hashes.json, taken under assent-text/1).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  CANON_VERSIONS,
  parsePolicy,
  parsePolicyAsync,
  PolicyDocumentError,
} from '../../src/document/index.js';
import { corpusFiles, formatOf, installJsdom, readCorpus, SHARED_ONLY, SHARED_SKIP } from './corpus.js';

const pinned = JSON.parse(readFileSync(resolve(import.meta.dirname, 'corpus-hashes.json'), 'utf8')) as Record<
  string,
  { sha256: string }
>;

before(installJsdom);

describe('parsePolicyAsync gives the document parsePolicy gives', () => {
  const check = async (file: string) => {
    const source = readCorpus(file);
    for (const canon of CANON_VERSIONS) {
      const options = { format: formatOf(file), id: 'doc', canon };
      const sync = parsePolicy(source, options);
      const async = await parsePolicyAsync(source, options);
      assert.deepEqual(async, sync, `${file} (${canon})`);
      if (canon === 'assent-text/1' && pinned[file]) assert.equal(async.sha256, pinned[file].sha256, file);
    }
  };
  for (const file of corpusFiles()) test(file, () => check(file));
  for (const file of SHARED_ONLY) test(file, { skip: SHARED_SKIP }, () => check(file));
});

describe('parsePolicyAsync on a long text', () => {
  const long = (): string => {
    const base = readCorpus('en_activist_privacy_policy.txt');
    return Array.from({ length: Math.ceil(200_000 / base.length) }, () => base).join('\n\n');
  };

  test('gives the event loop turns while it parses, and the same document', async () => {
    const source = long();
    let turns = 0;
    let parsing = true;
    const tick = () => {
      turns++;
      if (parsing) setImmediate(tick);
    };
    setImmediate(tick);
    const async = await parsePolicyAsync(source, { id: 'long' });
    parsing = false;
    // A parse in one piece would let no setImmediate run before it resolves.
    assert.ok(turns > 1, `the event loop ran ${turns} times during the parse`);
    assert.deepEqual(async, parsePolicy(source, { id: 'long' }));
  });

  test('hashes a lone surrogate as parsePolicy does (U+FFFD)', async () => {
    const source = `Terms\n\nA broken character \ud800 in the text.\n\n${long()}`;
    assert.equal((await parsePolicyAsync(source)).sha256, parsePolicy(source).sha256);
  });
});

describe('parsePolicyAsync refuses what parsePolicy refuses', () => {
  for (const [name, source, code] of [
    ['empty', '  \n\n ', 'empty'],
    ['binary', 'a\u0000b', 'binary'],
    ['too large', 'x'.repeat(11), 'too-large'],
  ] as const) {
    test(`${name}: a rejected promise, not a throw`, async () => {
      const promise = parsePolicyAsync(source, { maxChars: 10 });
      assert.ok(promise instanceof Promise);
      await assert.rejects(promise, (error: unknown) => {
        assert.ok(error instanceof PolicyDocumentError);
        assert.equal(error.code, code);
        return true;
      });
    });
  }
});
