import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { agreementStore, fingerprintSections } from '../src/consent/agreements.js';
import { configure } from '../src/consent/config.js';
import { parsePolicy } from '../src/document/index.js';
import '../src/elements/agreement-dialog/agreement-dialog.define.js';
import type { AgreementDialog } from '../src/elements/agreement-dialog/agreement-dialog.js';

// Stories sign receipts but deliver them nowhere (a static Storybook has no receiver).
configure({ transport: () => true });

const TERMS = {
  'zh-CN': `# 用户协议

## 一、总则

欢迎您使用示例科技的服务。**在注册前，请您务必审慎阅读、充分理解各条款内容，特别是免除或者限制责任的条款。**

## 二、账号注册与使用

您应当使用真实、准确的信息注册账号，并妥善保管账号和密码。

**因您保管不善导致的账号被盗、信息泄露等损失，由您自行承担。**

## 三、用户行为规范

您不得利用本服务从事违法违规活动，不得干扰本服务的正常运行。

## 四、知识产权

本服务中的软件、文字、图片等内容的知识产权归示例科技或相关权利人所有。

## 五、免责条款

**因不可抗力或第三方原因导致服务中断的，我们在法律允许的范围内不承担责任。**

## 六、争议解决

本协议适用中华人民共和国法律。因本协议产生的争议，双方应协商解决；协商不成的，提交被告住所地人民法院诉讼解决。

## 七、其他

本协议自您点击同意之日起生效。
`,
  'zh-TW': `# 使用者條款

## 一、總則

歡迎您使用示例科技的服務。**在註冊前，請您務必審慎閱讀、充分理解各條款內容，特別是免除或限制責任的條款。**

## 二、帳號註冊與使用

您應當使用真實、準確的資訊註冊帳號，並妥善保管帳號與密碼。

**因您保管不善導致帳號被盜、資料外洩等損失，由您自行承擔。**

## 三、使用者行為規範

您不得利用本服務從事違法活動，亦不得干擾本服務的正常運作。

## 四、其他

本條款自您點擊同意之日起生效。
`,
  en: `# Terms of Use

## 1. Scope

Welcome to Example Tech. **Please read these terms carefully before signing up, in particular the clauses that limit our liability.**

## 2. Your account

Register with accurate information and keep your password safe.

**You are responsible for losses caused by a password you did not keep safe.**

## 3. Acceptable use

Do not use the service for unlawful purposes or interfere with its operation.

## 4. General

These terms take effect when you accept them.
`,
};

const PRIVACY = `# 个人信息保护政策

## 一、我们收集的信息

为向您提供服务，我们会收集您的手机号码、设备信息和使用记录。

**我们不会在未经您单独同意的情况下处理您的敏感个人信息。**

## 二、我们如何使用信息

我们仅在本政策所述目的范围内使用您的个人信息。

## 三、您的权利

您有权查阅、复制、更正、删除您的个人信息，并可以撤回同意。

## 四、联系我们

如有疑问，请通过 privacy@example.com 与我们联系。
`;

type Locale = keyof typeof TERMS;

const terms = (locale: Locale = 'zh-CN', id = 'terms', version = '2026-11-01') =>
  parsePolicy(TERMS[locale], { format: 'markdown', id, version, locale, effectiveDate: '2026-11-01' });
const privacy = (id = 'privacy') =>
  parsePolicy(PRIVACY, { format: 'markdown', id, version: '2026-11-01', effectiveDate: '2999-01-01' });

/** Opens the dialog once it is in the page (stories show it open). */
async function openFirst(canvasElement: HTMLElement): Promise<AgreementDialog> {
  const dialog = canvasElement.querySelector('agreement-dialog')!;
  await dialog.updateComplete;
  if (!dialog.open) await dialog.show();
  return dialog;
}

async function scrollBody(dialog: AgreementDialog, share: number) {
  await dialog.updateComplete;
  const body = dialog.shadowRoot!.querySelector<HTMLElement>('[part="body"]:not([hidden] *)');
  if (body) body.scrollTop = (body.scrollHeight - body.clientHeight) * share;
}

const meta: Meta = {
  title: 'Elements/agreement-dialog',
  component: 'agreement-dialog',
  render: () =>
    html`<div lang="zh-CN">
      <agreement-dialog id="story-dialog" .documents=${[terms(), privacy()]}></agreement-dialog>
    </div>`,
  play: async ({ canvasElement }) => {
    await openFirst(canvasElement);
  },
};
export default meta;

type Story = StoryObj;

/** First view: nothing read yet; Accept says what is left. */
export const FirstView: Story = {};

/** Partly read: the progress bar and the status follow the reader. */
export const PartlyRead: Story = {
  play: async ({ canvasElement }) => {
    await scrollBody(await openFirst(canvasElement), 0.5);
  },
};

/** All read: both documents reached their end; Accept is available. */
export const AllRead: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await openFirst(canvasElement);
    for (const id of ['terms', 'privacy']) {
      await dialog.show({ document: id });
      await scrollBody(dialog, 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  },
};

/** Declined: the dialog closes and nothing reproaches the person; a decline receipt is recorded. */
export const Declined: Story = {
  render: () =>
    html`<div lang="zh-CN">
      <p>已选择不同意。您仍可随时重新阅读协议。</p>
      <agreement-dialog .documents=${[terms()]}></agreement-dialog>
    </div>`,
  play: async ({ canvasElement }) => {
    const dialog = await openFirst(canvasElement);
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part="decline-button"]')!.click();
  },
};

/** Policy updated: this browser accepted an older version, so the dialog opens by itself with what changed. */
export const PolicyUpdated: Story = {
  render: () => {
    const previous = parsePolicy(TERMS['zh-CN'].replace(/## 五、免责条款[\s\S]*?## 六/, '## 六'), {
      format: 'markdown',
      id: 'terms-story-update',
      version: '2026-01-01',
    });
    agreementStore().recordAcceptance([
      {
        id: previous.id,
        version: previous.version,
        sha256: previous.sha256,
        sections: fingerprintSections(previous),
      },
    ]);
    return html`<div lang="zh-CN">
      <agreement-dialog .documents=${[terms('zh-CN', 'terms-story-update', '2026-11-01')]}></agreement-dialog>
    </div>`;
  },
  play: async () => {},
};

/** Dwell: the document must stay on screen for a few seconds (a countdown). */
export const DwellCountdown: Story = {
  render: () =>
    html`<div lang="zh-CN">
      <agreement-dialog require="dwell" dwell="8" .documents=${[terms()]}></agreement-dialog>
    </div>`,
};

/** Dark theme, forced with `theme="dark"` (it also follows prefers-color-scheme). */
export const DarkTheme: Story = {
  globals: { theme: 'dark' },
  render: () =>
    html`<div lang="zh-CN" style="background:#0d1117; color:#e6edf3; min-height: 4rem">
      <agreement-dialog theme="dark" .documents=${[terms(), privacy()]}></agreement-dialog>
    </div>`,
};

export const SimplifiedChinese: Story = {
  globals: { locale: 'zh-CN' },
  render: () =>
    html`<div lang="zh-CN"><agreement-dialog .documents=${[terms('zh-CN')]}></agreement-dialog></div>`,
};

export const TraditionalChinese: Story = {
  globals: { locale: 'zh-TW' },
  render: () =>
    html`<div lang="zh-TW"><agreement-dialog .documents=${[terms('zh-TW')]}></agreement-dialog></div>`,
};

export const English: Story = {
  globals: { locale: 'en' },
  render: () => html`<div lang="en"><agreement-dialog .documents=${[terms('en')]}></agreement-dialog></div>`,
};

/** Under 600 px wide the dialog takes the whole screen. */
export const PhoneViewport: Story = {
  globals: { viewport: { value: 'mobile1', isRotated: false } },
};
