import { createHash } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256Hex } from '../../src/document/index.js';

const nodeHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

test('sha256Hex equals node:crypto at every padding boundary, for ASCII, CJK and astral text', () => {
  const alphabet = ['a', 'Z', ' ', '\n', '条', '款', '😀', 'é'];
  for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 4097]) {
    let text = '';
    for (let i = 0; text.length < length; i++) text += alphabet[(i * 7 + length) % alphabet.length];
    assert.equal(sha256Hex(text), nodeHash(text), `length ${length}`);
  }
});

test('sha256Hex has the known digests of "" and "abc"', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('sha256Hex encodes a lone surrogate as U+FFFD, like TextEncoder', () => {
  assert.equal(sha256Hex('a\ud800b'), nodeHash('a\ufffdb'));
});
