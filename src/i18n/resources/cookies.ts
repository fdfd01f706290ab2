import type { LocaleResources } from '../translator.js';

/**
 * Strings of <privacy-banner> and the embed placeholders: part of the banner's first load, so only what
 * paints it (the cookie manager's strings load with the manager, from cookie-manager.ts).
 */
export const cookieStrings: LocaleResources = {
  'zh-CN': {
    cookies: {
      banner: {
        title: '我们重视您的隐私',
        message:
          '我们使用必要的 Cookie 保证网站运行；经您同意后，还会使用其他 Cookie 和类似技术来分析访问、提供个性化内容。您可以随时更改选择。',
        updatedTitle: '隐私设置已更新',
        updatedMessage: '自您上次选择以来，我们更新了隐私设置，请重新确认。',
        changes: '变更内容：{{changes}}',
        gpc: '已遵从您浏览器发出的“全局隐私控制”（GPC）信号：用于出售、共享或广告的 Cookie 默认关闭。',
        policy: 'Cookie 政策',
        acceptAll: '全部接受',
        rejectAll: '全部拒绝',
        customize: '自定义设置',
      },
      placeholder: {
        label: '{{service}} 的内容',
        text: '此内容由 {{service}} 提供，加载后可能会设置 Cookie。',
        load: '允许并加载 {{service}}',
      },
    },
  },
  'zh-TW': {
    cookies: {
      banner: {
        title: '我們重視您的隱私',
        message:
          '我們使用必要的 Cookie 確保網站運作；經您同意後，也會使用其他 Cookie 和類似技術來分析造訪、提供個人化內容。您可以隨時變更選擇。',
        updatedTitle: '隱私設定已更新',
        updatedMessage: '自您上次選擇以來，我們更新了隱私設定，請重新確認。',
        changes: '變更內容：{{changes}}',
        gpc: '已遵循您瀏覽器發出的「全球隱私控制」（GPC）訊號：用於出售、分享或廣告的 Cookie 預設關閉。',
        policy: 'Cookie 政策',
        acceptAll: '全部接受',
        rejectAll: '全部拒絕',
        customize: '自訂設定',
      },
      placeholder: {
        label: '{{service}} 的內容',
        text: '此內容由 {{service}} 提供，載入後可能會設定 Cookie。',
        load: '允許並載入 {{service}}',
      },
    },
  },
  en: {
    cookies: {
      banner: {
        title: 'We value your privacy',
        message:
          'We use necessary cookies to make this site work. With your consent we also use other cookies and similar technologies to analyse visits and personalise content. You can change your choice at any time.',
        updatedTitle: 'Privacy settings updated',
        updatedMessage:
          'Our privacy settings changed since your last choice. Please confirm your choice again.',
        changes: 'What changed: {{changes}}',
        gpc: 'Your browser’s Global Privacy Control (GPC) signal was honoured: cookies for sale, sharing or advertising start switched off.',
        policy: 'Cookie policy',
        acceptAll: 'Accept all',
        rejectAll: 'Reject all',
        customize: 'Customise',
      },
      placeholder: {
        label: 'Content from {{service}}',
        text: 'This content is provided by {{service}}, which may set cookies when it loads.',
        load: 'Allow and load {{service}}',
      },
    },
  },
};
