// Every bundled string table has the same keys in zh-CN, zh-TW and en, and no empty string.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { SUPPORTED_LOCALES } from '../../src/i18n/locale.js';
import type { LocaleResources, StringTable } from '../../src/i18n/translator.js';
import { stringKeys } from '../support/string-keys.js';

const dir = join(import.meta.dirname, '../../src/i18n/resources');

function values(table: StringTable): string[] {
  return Object.values(table).flatMap((value) => (typeof value === 'string' ? [value] : values(value)));
}

describe('bundled strings', async () => {
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));
  test('there are string tables', () => assert.ok(files.length >= 2, files.join()));
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, LocaleResources>;
    for (const [name, resources] of Object.entries(module)) {
      test(`${file} ${name}: every key in every locale`, () => {
        const english = stringKeys(resources.en).sort();
        assert.ok(english.length > 0);
        for (const locale of SUPPORTED_LOCALES) {
          assert.deepEqual(stringKeys(resources[locale]).sort(), english, `${locale} differs from en`);
          for (const value of values(resources[locale]))
            assert.notEqual(value.trim(), '', `${locale} has an empty string`);
        }
      });
    }
  }
});
