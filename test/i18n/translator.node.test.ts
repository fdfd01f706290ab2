import assert from 'node:assert/strict';
import { test } from 'node:test';
import i18next from 'i18next';
import { normalizeLocale } from '../../src/i18n/locale.js';
import { registerStrings, translate, useI18next } from '../../src/i18n/translator.js';

test('normalizeLocale maps tags to shipped locales', () => {
  assert.equal(normalizeLocale('zh'), 'zh-CN');
  assert.equal(normalizeLocale('zh-Hans-SG'), 'zh-CN');
  assert.equal(normalizeLocale('zh-Hant'), 'zh-TW');
  assert.equal(normalizeLocale('zh_HK'), 'zh-TW');
  assert.equal(normalizeLocale('fr-FR'), 'en');
  assert.equal(normalizeLocale(''), 'en');
});

test('built-in resolver interpolates, pluralises and falls back to en', () => {
  registerStrings({
    en: {
      t1: {
        hello: 'Hello {{name}}',
        files_one: '{{count}} file',
        files_other: '{{count}} files',
        onlyEn: 'E',
      },
    },
    'zh-CN': { t1: { hello: '你好，{{name}}', files_other: '{{count}} 个文件' } },
    'zh-TW': { t1: { hello: '你好，{{name}}' } },
  });
  assert.equal(translate('en', 't1.hello', { name: 'Ada' }), 'Hello Ada');
  assert.equal(translate('zh-CN', 't1.hello', { name: '阿达' }), '你好，阿达');
  assert.equal(translate('en', 't1.files', { count: 1 }), '1 file');
  assert.equal(translate('en', 't1.files', { count: 3 }), '3 files');
  assert.equal(translate('zh-CN', 't1.files', { count: 1 }), '1 个文件');
  assert.equal(translate('zh-TW', 't1.onlyEn'), 'E');
  assert.equal(translate('en', 't1.missing'), 't1.missing');
});

test("a host's i18next instance is shared: Assent's strings are added to it and its overrides win", () => {
  registerStrings({
    en: { t2: { title: 'Privacy' } },
    'zh-CN': { t2: { title: '隐私' } },
    'zh-TW': { t2: { title: '隱私' } },
  });
  const host = i18next.createInstance();
  void host.init({ initAsync: false, resources: {}, fallbackLng: 'en' });
  useI18next(host);
  try {
    assert.equal(host.getResource('zh-CN', 'assent', 't2.title'), '隐私');
    assert.equal(translate('zh-CN', 't2.title'), '隐私');
    host.addResource('en', 'assent', 't2.title', 'Your privacy');
    assert.equal(translate('en', 't2.title'), 'Your privacy');
  } finally {
    useI18next(undefined);
  }
});

test('values go in unescaped whether or not the i18next instance escapes by default (Lit escapes)', () => {
  registerStrings({
    en: { t3: { said: 'You said {{text}}' } },
    'zh-CN': { t3: { said: '你说 {{text}}' } },
    'zh-TW': { t3: { said: '你說 {{text}}' } },
  });
  for (const escapeValue of [true, false]) {
    const host = i18next.createInstance();
    void host.init({ initAsync: false, resources: {}, fallbackLng: 'en', interpolation: { escapeValue } });
    useI18next(host);
    try {
      assert.equal(
        translate('en', 't3.said', { text: '<b> & "' }),
        'You said <b> & "',
        `escapeValue ${escapeValue}`,
      );
    } finally {
      useI18next(undefined);
    }
  }
});

/** A host instance whose `t()` calls are counted (to see when a translation comes from the memo). */
function countedInstance() {
  const host = i18next.createInstance();
  void host.init({ initAsync: false, resources: {}, fallbackLng: 'en' });
  const t = host.t.bind(host);
  const counted = { host, calls: 0 };
  host.t = ((...args: Parameters<typeof t>) => {
    counted.calls++;
    return t(...args);
  }) as typeof host.t;
  return counted;
}

test('translations through i18next are made once per locale, key and values, until the strings change', () => {
  registerStrings({
    en: { t4: { hello: 'Hello {{name}}', plain: 'Plain' } },
    'zh-CN': { t4: { hello: '你好，{{name}}', plain: '平' } },
    'zh-TW': { t4: { hello: '你好，{{name}}', plain: '平' } },
  });
  const counted = countedInstance();
  useI18next(counted.host);
  try {
    assert.equal(translate('en', 't4.plain'), 'Plain');
    assert.equal(translate('en', 't4.plain'), 'Plain');
    assert.equal(translate('zh-CN', 't4.plain'), '平');
    assert.equal(translate('en', 't4.hello', { name: 'Ada' }), 'Hello Ada');
    assert.equal(translate('en', 't4.hello', { name: 'Ada' }), 'Hello Ada');
    assert.equal(translate('en', 't4.hello', { name: 'Bo' }), 'Hello Bo');
    assert.equal(counted.calls, 4, 'one i18next call per locale × key × values');
    // A value i18next would walk into is not memoised.
    translate('en', 't4.hello', { name: { toString: () => 'Cy' } });
    translate('en', 't4.hello', { name: { toString: () => 'Cy' } });
    assert.equal(counted.calls, 6);

    // Resources added to the store (by the host or through Assent) are seen at once.
    counted.host.addResource('en', 'assent', 't4.plain', 'Plain, overridden');
    assert.equal(translate('en', 't4.plain'), 'Plain, overridden');
    counted.host.addResourceBundle('en', 'assent', { t4: { hello: 'Hi {{name}}' } }, true, true);
    assert.equal(translate('en', 't4.hello', { name: 'Ada' }), 'Hi Ada');
    registerStrings({ 'zh-CN': { t4: { plain: '普通' } } }, true);
    assert.equal(translate('zh-CN', 't4.plain'), '普通');
    counted.host.removeResourceBundle('zh-CN', 'assent');
    assert.equal(translate('zh-CN', 't4.plain'), 'Plain, overridden', 'falls back once the bundle is gone');

    // A language change empties the memo: the next translation asks i18next again.
    translate('en', 't4.plain');
    const before = counted.calls;
    translate('en', 't4.plain');
    assert.equal(counted.calls, before, 'from the memo');
    void counted.host.changeLanguage('zh-CN');
    assert.equal(translate('en', 't4.plain'), 'Plain, overridden');
    assert.ok(counted.calls > before, 'asked i18next again after the language changed');
  } finally {
    useI18next(undefined);
  }
});

test('an instance initialised again is followed into the new store init() makes', () => {
  registerStrings({
    en: { t5: { word: 'Word' } },
    'zh-CN': { t5: { word: '词' } },
    'zh-TW': { t5: { word: '詞' } },
  });
  const counted = countedInstance();
  useI18next(counted.host);
  try {
    assert.equal(translate('en', 't5.word'), 'Word');
    void counted.host.init({ initAsync: false, resources: {}, fallbackLng: 'en' });
    counted.host.addResourceBundle('en', 'assent', { t5: { word: 'Host word' } }, true, true);
    assert.equal(translate('en', 't5.word'), 'Host word');
    counted.host.addResource('en', 'assent', 't5.word', 'Later word');
    assert.equal(translate('en', 't5.word'), 'Later word');
  } finally {
    useI18next(undefined);
  }
});

test('the built-in translator sees strings registered over its memo', () => {
  registerStrings({
    en: { t6: { word: 'Word' } },
    'zh-CN': { t6: { word: '词' } },
    'zh-TW': { t6: { word: '詞' } },
  });
  assert.equal(translate('en', 't6.word'), 'Word');
  registerStrings({ en: { t6: { word: 'New word' } } }, true);
  assert.equal(translate('en', 't6.word'), 'New word');
});
