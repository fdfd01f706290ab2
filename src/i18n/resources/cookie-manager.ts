import type { LocaleResources } from '../translator.js';

/** Strings of <cookie-manager> (and the category and permission names <consent-history> shows too). */
export const cookieManagerStrings: LocaleResources = {
  'zh-CN': {
    cookies: {
      manager: {
        title: 'Cookie 与权限设置',
        intro: '请选择允许使用的类别。严格必要的 Cookie 始终启用，否则网站无法正常运行。',
        alwaysOn: '始终启用',
        services: '服务',
        cookies: 'Cookie',
        cookieName: '名称',
        provider: '提供方',
        purpose: '用途',
        expiry: '有效期',
        allowCategory: '允许“{{name}}”',
        allowService: '允许 {{name}}',
        details: '查看 {{count}} 项服务',
        permissionsTitle: '应用权限',
        permissionPurpose: '用途：{{purpose}}',
        acceptAll: '全部接受',
        rejectAll: '全部拒绝',
        save: '保存设置',
        withdraw: '撤回同意',
        saved: '您的选择已保存。',
        withdrawn: '您已撤回同意，相关 Cookie 已清除。',
        providerPolicy: '{{name}} 的隐私政策',
        close: '关闭',
      },
      categories: {
        necessary: {
          title: '严格必要',
          description: '保证网站基本功能和安全所必需，例如登录状态和您的隐私选择。',
        },
        functional: {
          title: '功能',
          description: '记住您的偏好（如语言、地区），提供增强功能。',
        },
        preferences: {
          title: '偏好',
          description: '记住您的设置，让网站按您的习惯呈现。',
        },
        analytics: {
          title: '统计分析',
          description: '帮助我们了解访问情况，以改进网站。',
        },
        marketing: {
          title: '营销与广告',
          description: '用于展示与您相关的广告并衡量广告效果，可能与第三方共享。',
        },
        advertising: {
          title: '广告',
          description: '用于展示与您相关的广告并衡量广告效果。',
        },
      },
      permissions: {
        geolocation: '位置信息',
        camera: '相机',
        microphone: '麦克风',
        notifications: '通知',
        clipboard: '剪贴板',
        contacts: '通讯录',
        photos: '相册',
        other: '其他权限',
      },
    },
  },
  'zh-TW': {
    cookies: {
      manager: {
        title: 'Cookie 與權限設定',
        intro: '請選擇允許使用的類別。嚴格必要的 Cookie 一律啟用，否則網站無法正常運作。',
        alwaysOn: '一律啟用',
        services: '服務',
        cookies: 'Cookie',
        cookieName: '名稱',
        provider: '提供者',
        purpose: '用途',
        expiry: '有效期限',
        allowCategory: '允許「{{name}}」',
        allowService: '允許 {{name}}',
        details: '檢視 {{count}} 項服務',
        permissionsTitle: '應用程式權限',
        permissionPurpose: '用途：{{purpose}}',
        acceptAll: '全部接受',
        rejectAll: '全部拒絕',
        save: '儲存設定',
        withdraw: '撤回同意',
        saved: '您的選擇已儲存。',
        withdrawn: '您已撤回同意，相關 Cookie 已清除。',
        providerPolicy: '{{name}} 的隱私權政策',
        close: '關閉',
      },
      categories: {
        necessary: {
          title: '嚴格必要',
          description: '維持網站基本功能與安全所必需，例如登入狀態和您的隱私選擇。',
        },
        functional: {
          title: '功能',
          description: '記住您的偏好（如語言、地區），提供進階功能。',
        },
        preferences: {
          title: '偏好',
          description: '記住您的設定，讓網站依您的習慣呈現。',
        },
        analytics: {
          title: '統計分析',
          description: '協助我們了解造訪情形，以改善網站。',
        },
        marketing: {
          title: '行銷與廣告',
          description: '用於顯示與您相關的廣告並衡量廣告成效，可能與第三方分享。',
        },
        advertising: {
          title: '廣告',
          description: '用於顯示與您相關的廣告並衡量廣告成效。',
        },
      },
      permissions: {
        geolocation: '位置資訊',
        camera: '相機',
        microphone: '麥克風',
        notifications: '通知',
        clipboard: '剪貼簿',
        contacts: '聯絡人',
        photos: '相簿',
        other: '其他權限',
      },
    },
  },
  en: {
    cookies: {
      manager: {
        title: 'Cookie and permission settings',
        intro:
          'Choose which categories you allow. Strictly necessary cookies are always on: the site cannot work without them.',
        alwaysOn: 'Always on',
        services: 'Services',
        cookies: 'Cookies',
        cookieName: 'Name',
        provider: 'Provider',
        purpose: 'Purpose',
        expiry: 'Expiry',
        allowCategory: 'Allow “{{name}}”',
        allowService: 'Allow {{name}}',
        details_one: 'Show {{count}} service',
        details_other: 'Show {{count}} services',
        permissionsTitle: 'App permissions',
        permissionPurpose: 'Purpose: {{purpose}}',
        acceptAll: 'Accept all',
        rejectAll: 'Reject all',
        save: 'Save choices',
        withdraw: 'Withdraw consent',
        saved: 'Your choice was saved.',
        withdrawn: 'You withdrew your consent; the related cookies were cleared.',
        providerPolicy: 'Privacy policy of {{name}}',
        close: 'Close',
      },
      categories: {
        necessary: {
          title: 'Strictly necessary',
          description:
            'Needed for the site to work and stay secure, such as sign-in and your privacy choices.',
        },
        functional: {
          title: 'Functional',
          description: 'Remember your preferences (such as language or region) and enable enhanced features.',
        },
        preferences: {
          title: 'Preferences',
          description: 'Remember your settings so the site appears the way you like.',
        },
        analytics: {
          title: 'Analytics',
          description: 'Help us understand how the site is used so we can improve it.',
        },
        marketing: {
          title: 'Marketing and advertising',
          description: 'Show ads relevant to you and measure their effect; may be shared with third parties.',
        },
        advertising: {
          title: 'Advertising',
          description: 'Show ads relevant to you and measure their effect.',
        },
      },
      permissions: {
        geolocation: 'Location',
        camera: 'Camera',
        microphone: 'Microphone',
        notifications: 'Notifications',
        clipboard: 'Clipboard',
        contacts: 'Contacts',
        photos: 'Photos',
        other: 'Other permission',
      },
    },
  },
};
