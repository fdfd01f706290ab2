import type { LocaleResources } from '../translator.js';

/** Strings every element may use. */
export const commonStrings: LocaleResources = {
  'zh-CN': { common: { close: '关闭', and: '和', listSeparator: '、' } },
  'zh-TW': { common: { close: '關閉', and: '和', listSeparator: '、' } },
  en: { common: { close: 'Close', and: 'and', listSeparator: ', ' } },
};
