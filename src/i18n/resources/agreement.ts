import type { LocaleResources } from '../translator.js';

/** Strings of <agreement-dialog> and <consent-checkbox>. */
export const agreementStrings: LocaleResources = {
  'zh-CN': {
    checkbox: {
      sentence: '我已阅读并同意{{documents}}',
      documentTitle: '《{{title}}》',
      required: '请阅读并勾选同意协议',
    },
  },
  'zh-TW': {
    checkbox: {
      sentence: '我已閱讀並同意{{documents}}',
      documentTitle: '《{{title}}》',
      required: '請閱讀並勾選同意協議',
    },
  },
  en: {
    checkbox: {
      sentence: 'I have read and agree to the {{documents}}',
      documentTitle: '{{title}}',
      required: 'Please read and accept the agreements',
    },
  },
};
