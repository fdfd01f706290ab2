import type { StringTable } from '../../src/i18n/translator.js';

/** Key paths of a string table, plural suffixes folded: languages differ in plural forms (zh one, en two). */
export function stringKeys(table: StringTable, prefix = ''): string[] {
  const paths = Object.entries(table).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`]
      : stringKeys(value, `${prefix}${key}.`),
  );
  return [...new Set(paths)];
}
