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
