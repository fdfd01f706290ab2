// The built-in translator (used until a host shares its i18next) must say exactly what i18next says,
// for every bundled key, in every locale, with and without a count: same plural forms, same fallback.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import i18next from 'i18next';
import { ownI18nextOptions } from '../../src/i18n/i18next.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locale.js';
import {
  NAMESPACE,
  registerStrings,
  translate,
  useI18next,
  type LocaleResources,
  type StringTable,
} from '../../src/i18n/translator.js';
import { stringKeys } from '../support/string-keys.js';

const dir = join(import.meta.dirname, '../../src/i18n/resources');
const COUNTS = [undefined, 0, 1, 2, 5, 21];

function templates(table: StringTable): string[] {
  return Object.values(table).flatMap((value) => (typeof value === 'string' ? [value] : templates(value)));
}

async function bundledTables(): Promise<LocaleResources[]> {
  const tables: LocaleResources[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (value && typeof value === 'object' && 'en' in value) tables.push(value as LocaleResources);
    }
  }
  return tables;
}

test('the built-in translator agrees with i18next on every key × locale × count', async () => {
  const tables = await bundledTables();
  assert.ok(tables.length >= 3, `found ${tables.length} string tables`);
  useI18next(undefined);
  for (const table of tables) registerStrings(table);

  const reference = i18next.createInstance();
  await reference.init(ownI18nextOptions());
  for (const table of tables) {
    for (const locale of SUPPORTED_LOCALES)
      reference.addResourceBundle(locale, NAMESPACE, table[locale], true);
  }

  // Every interpolated name gets a value, so a template's text is compared, not its blanks.
  const names = new Set(
    tables.flatMap((table) =>
      SUPPORTED_LOCALES.flatMap((locale) =>
        templates(table[locale]).flatMap((text) =>
          [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!),
        ),
      ),
    ),
  );
  const keys = [
    ...new Set(tables.flatMap((table) => SUPPORTED_LOCALES.flatMap((l) => stringKeys(table[l])))),
  ];
  let compared = 0;
  const differences: string[] = [];
  for (const key of keys) {
    for (const locale of SUPPORTED_LOCALES) {
      for (const count of COUNTS) {
        const vars: Record<string, unknown> = Object.fromEntries(
          [...names].map((name) => [name, `<${name}>`]),
        );
        if (count === undefined) delete vars.count;
        else vars.count = count;
        const ours = translate(locale, key, vars);
        const theirs = reference.t(key, { ...vars, lng: locale, ns: NAMESPACE });
        compared += 1;
        if (ours !== theirs) differences.push(`${locale} ${key} count=${count}: ${ours} ≠ ${theirs}`);
      }
    }
  }
  assert.ok(keys.length > 50, `compared ${keys.length} keys`);
  assert.deepEqual(differences, [], `${differences.length} of ${compared} differ`);
});

test('a count never pulls another locale in before the page locale’s own key', () => {
  useI18next(undefined);
  registerStrings({
    en: { order: { services_one: 'Show {{count}} service', services_other: 'Show {{count}} services' } },
    'zh-CN': { order: { services: '显示 {{count}} 项服务' } },
    'zh-TW': { order: { services: '顯示 {{count}} 項服務' } },
  });
  assert.equal(translate('zh-CN', 'order.services', { count: 1 }), '显示 1 项服务');
  assert.equal(translate('zh-TW', 'order.services', { count: 3 }), '顯示 3 項服務');
  assert.equal(translate('en', 'order.services', { count: 1 }), 'Show 1 service');
});
