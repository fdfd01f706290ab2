import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/elements/privacy-banner/privacy-banner.define.js';
import { consentEngine } from '../src/cookies/engine.js';
import type { CookieConfigInput } from '../src/cookies/config.js';

/** The configuration of a fictional shop, used by the banner and manager stories. */
export function siteConfig(overrides: Partial<CookieConfigInput> = {}): CookieConfigInput {
  return {
    revision: '2026-02',
    changes: {
      'zh-CN': '新增“营销与广告”类别，统计服务更换为自建分析。',
      'zh-TW': '新增「行銷與廣告」類別，統計服務改為自建分析。',
      en: 'A new marketing category; analytics moved to our own service.',
    },
    categories: [
      {
        id: 'necessary',
        necessary: true,
        services: [
          {
            id: 'session',
            name: { 'zh-CN': '登录会话', 'zh-TW': '登入工作階段', en: 'Sign-in session' },
            cookies: [
              {
                name: 'sid',
                provider: 'shop.example',
                purpose: { 'zh-CN': '保持登录', 'zh-TW': '保持登入', en: 'Keeps you signed in' },
                expiry: { 'zh-CN': '会话', 'zh-TW': '工作階段', en: 'Session' },
              },
            ],
          },
        ],
      },
      {
        id: 'functional',
        services: [
          {
            id: 'prefs',
            name: { 'zh-CN': '偏好设置', 'zh-TW': '偏好設定', en: 'Preferences' },
            cookies: [{ name: 'lang' }],
          },
        ],
      },
      {
        id: 'analytics',
        services: [
          {
            id: 'matomo',
            name: 'Matomo',
            provider: 'shop.example',
            cookies: [
              {
                name: '^_pk_(id|ses)',
                regex: true,
                purpose: { 'zh-CN': '区分访问', 'zh-TW': '區分造訪', en: 'Tells visits apart' },
                expiry: { 'zh-CN': '13 个月', 'zh-TW': '13 個月', en: '13 months' },
              },
            ],
          },
        ],
      },
      {
        id: 'marketing',
        gpc: true,
        services: [
          {
            id: 'ads',
            name: 'AdNet',
            provider: 'AdNet Ltd.',
            cookies: [{ name: 'ad_id', expiry: { 'zh-CN': '1 年', 'zh-TW': '1 年', en: '1 year' } }],
          },
        ],
      },
    ],
    ...overrides,
  };
}

/** Puts the page-wide engine in a known state before a story renders (stories share one page). */
export function prepare(options: { gpc?: boolean; stale?: boolean; decided?: boolean } = {}): void {
  Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {
    get: () => options.gpc === true,
    configurable: true,
  });
  document.cookie = 'assent_consent=; max-age=0; path=/';
  if (options.stale || options.decided) {
    const now = Date.now();
    const state = {
      v: 1,
      decision: 'updated',
      categories: { necessary: true, functional: true, analytics: true, marketing: false },
      services: { session: true, prefs: true, matomo: true, ads: false },
      revision: options.stale ? '2025-09' : '2026-02',
      decidedAt: now,
      updatedAt: now,
      expiresAt: now + 86_400_000,
    };
    document.cookie = `assent_consent=${encodeURIComponent(JSON.stringify(state))}; path=/`;
  }
  consentEngine().reset();
  document.querySelectorAll('body > cookie-manager').forEach((manager) => manager.remove());
}

const meta: Meta = {
  title: 'Elements/privacy-banner',
  component: 'privacy-banner',
  excludeStories: ['siteConfig', 'prepare'],
  // On a Docs page the story's box holds the fixed bar (see .storybook/preview.ts).
  parameters: { layout: 'fullscreen', docs: { story: { height: '320px' } } },
  render: () => {
    prepare();
    return html`<main style="padding: 1rem">
        <h1>Shop</h1>
        <p>Page content under the banner.</p>
      </main>
      <privacy-banner policy-href="#cookie-policy" .config=${siteConfig()}></privacy-banner>`;
  },
};
export default meta;

type Story = StoryObj;

/** A first-visit bottom bar speaking `lang`. */
function bannerIn(lang: string) {
  prepare();
  return html`<privacy-banner
    lang=${lang}
    policy-href="#cookie-policy"
    .config=${siteConfig()}
  ></privacy-banner>`;
}

/** First visit, bottom bar (overlay: takes no space, cannot shift the page). */
export const FirstView: Story = {};

export const TopBar: Story = {
  render: () => {
    prepare();
    return html`<privacy-banner position="top" .config=${siteConfig()}></privacy-banner>`;
  },
};

export const CenteredModal: Story = {
  render: () => {
    prepare();
    return html`<privacy-banner
      position="center"
      policy-href="#cookie-policy"
      .config=${siteConfig()}
    ></privacy-banner>`;
  },
};

/** In the page flow: reserve its space before first paint by loading the script before the element. */
export const Inline: Story = {
  render: () => {
    prepare();
    return html`<privacy-banner position="inline" .config=${siteConfig()}></privacy-banner>
      <p style="padding: 1rem">Page content after the banner.</p>`;
  },
};

/** The browser sends Global Privacy Control: sale/sharing categories start refused, and the banner says so. */
export const GpcHonoured: Story = {
  render: () => {
    prepare({ gpc: true });
    return html`<privacy-banner lang="zh-CN" .config=${siteConfig()}></privacy-banner>`;
  },
};

/** A decision exists for an older revision: 「隐私设置已更新」 and what changed. */
export const RevisionUpdated: Story = {
  render: () => {
    prepare({ stale: true });
    return html`<privacy-banner
      lang="zh-CN"
      policy-href="#cookie-policy"
      .config=${siteConfig()}
    ></privacy-banner>`;
  },
};

export const SimplifiedChinese: Story = { globals: { locale: 'zh-CN' }, render: () => bannerIn('zh-CN') };

export const TraditionalChinese: Story = { globals: { locale: 'zh-TW' }, render: () => bannerIn('zh-TW') };

export const English: Story = { globals: { locale: 'en' }, render: () => bannerIn('en') };

export const DarkTheme: Story = {
  globals: { theme: 'dark' },
  render: () => {
    prepare();
    return html`<div style="background: #0d1117; color: #e6edf3; min-height: 100vh">
      <privacy-banner theme="dark" policy-href="#cookie-policy" .config=${siteConfig()}></privacy-banner>
    </div>`;
  },
};

/** On a phone the three choices stack, still of equal weight. */
export const Phone: Story = {
  globals: { viewport: { value: 'mobile1', isRotated: false } },
  render: () => {
    prepare();
    return html`<privacy-banner
      lang="zh-CN"
      policy-href="#cookie-policy"
      .config=${siteConfig()}
    ></privacy-banner>`;
  },
};

/** Customise opens the manager as a modal over the banner. */
export const ManagerOpen: Story = {
  render: () => {
    prepare();
    // The page's own modal manager (else one is appended to body, outside a Docs page's story box).
    return html`<privacy-banner policy-href="#cookie-policy" .config=${siteConfig()}></privacy-banner>
      <cookie-manager modal></cookie-manager>`;
  },
  play: async ({ canvasElement }) => {
    const banner = canvasElement.querySelector('privacy-banner')!;
    await banner.updateComplete;
    banner.shadowRoot!.querySelector<HTMLButtonElement>('[part~="customize"]')!.click();
  },
};

/** Configuration as a child JSON script: it fills no slot, so the built-in localized message shows. */
export const ConfigScript: Story = {
  render: () => {
    prepare();
    return html`<privacy-banner lang="zh-CN" policy-href="#cookie-policy">
      <script type="application/json">
        {
          "revision": "2026-02",
          "categories": [
            { "id": "necessary", "necessary": true },
            { "id": "analytics", "services": [{ "id": "matomo", "name": "Matomo" }] }
          ]
        }
      </script>
    </privacy-banner>`;
  },
};

/** The host's own message in the default slot replaces the built-in one. */
export const OwnMessage: Story = {
  globals: { locale: 'en' },
  render: () => {
    prepare();
    return html`<privacy-banner lang="en" policy-href="#cookie-policy" .config=${siteConfig()}>
      We use cookies for the basket and, if you agree, to measure visits.
    </privacy-banner>`;
  },
};
