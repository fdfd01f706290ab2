// Every visitor downloads the banner's strings three times over (zh-CN, zh-TW, en) before it paints, and
// the manager's with the manager: a key that no code reads is dead weight, so each one must be read
// somewhere on the cookie path.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cookieManagerStrings } from '../../src/i18n/resources/cookie-manager.js';
import { cookieStrings } from '../../src/i18n/resources/cookies.js';
import { stringKeys } from '../support/string-keys.js';

const root = join(import.meta.dirname, '../../src');
const readers = ['cookies', 'elements/privacy-banner', 'elements/cookie-manager'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => readFileSync(join(root, dir, name), 'utf8')),
);
const source = readers.join('\n');

/** Keys read with a computed part: `cookies.categories.${id}.title`, `cookies.permissions.${name}`. */
const computed = [...source.matchAll(/`(cookies\.[\w.]*)\$\{[^}]+\}([\w.]*)`/g)].map(
  ([, head, tail]) => new RegExp(`^${head!.replace(/\./g, '\\.')}\\w+${tail!.replace(/\./g, '\\.')}$`),
);

describe('cookie strings', () => {
  test('the sources read keys with computed parts (categories, permissions)', () => {
    assert.ok(computed.length >= 2, computed.join());
  });

  test('the banner first load carries none of the manager strings', () => {
    assert.deepEqual(Object.keys(cookieStrings.en.cookies as object).sort(), ['banner', 'placeholder']);
  });

  test('every key is read by the engine or an element', () => {
    const unused = [...stringKeys(cookieStrings.en), ...stringKeys(cookieManagerStrings.en)].filter(
      (key) => !source.includes(`'${key}'`) && !computed.some((pattern) => pattern.test(key)),
    );
    assert.deepEqual(unused, []);
  });
});
