import type { LocaleResources } from '../translator.js';

/** Strings every element may use. */
export const commonStrings: LocaleResources = {
  'zh-CN': { common: { close: '关闭' } },
  'zh-TW': { common: { close: '關閉' } },
  en: { common: { close: 'Close' } },
};
