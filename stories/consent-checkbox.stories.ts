import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { configure } from '../src/consent/config.js';
import { parsePolicy } from '../src/document/index.js';
import '../src/elements/agreement-dialog/agreement-dialog.define.js';
import '../src/elements/consent-checkbox/consent-checkbox.define.js';
import type { ConsentCheckbox } from '../src/elements/consent-checkbox/consent-checkbox.js';

// Stories sign receipts but deliver them nowhere (a static Storybook has no receiver).
configure({ transport: () => true });

const doc = (id: string, title: string, body: string) =>
  parsePolicy(`# ${title}\n\n## 1\n\n${body}\n\n**${body}**\n`, {
    format: 'markdown',
    id,
    version: '2026-11-01',
    title,
  });

const zhDocs = () => [
  doc('cb-terms', '用户协议', '这是用户协议的正文。'),
  doc('cb-privacy', '隐私政策', '这是隐私政策的正文。'),
];

/** A registration form: the box names its documents and its dialog. */
const form = (lang: string, docs = zhDocs(), extra = html``) =>
  html`<form lang=${lang} @submit=${(e: Event) => e.preventDefault()}>
    <p>
      <label>手机号 <input name="phone" autocomplete="tel" /></label>
    </p>
    <consent-checkbox
      name="agree"
      required
      must-read
      documents=${docs.map((d) => d.id).join(' ')}
      dialog="cb-dialog-${lang}"
    ></consent-checkbox>
    ${extra}
    <p><button type="submit">注册 / Sign up</button></p>
    <agreement-dialog id="cb-dialog-${lang}" .documents=${docs}></agreement-dialog>
  </form>`;

const meta: Meta = {
  title: 'Elements/consent-checkbox',
  component: 'consent-checkbox',
  render: () => form('zh-CN'),
};
export default meta;

type Story = StoryObj;

/** Unchecked, as every consent box starts: 「我已阅读并同意《用户协议》和《隐私政策》」. */
export const Unchecked: Story = {};

/** Submitting without agreeing: the floating hint 「请阅读并勾选同意协议」 anchored to the box. */
export const HintShown: Story = {
  play: async ({ canvasElement }) => {
    const box = canvasElement.querySelector<ConsentCheckbox>('consent-checkbox')!;
    await box.updateComplete;
    box.reportValidity();
  },
};

/** Separate consent (PIPL 单独同意): its own box, its own receipt, never bundled. */
export const SeparateConsent: Story = {
  render: () =>
    form(
      'zh-CN',
      zhDocs(),
      html`<p><consent-checkbox name="sensitive" separate purpose="sensitive"></consent-checkbox></p>
        <p><consent-checkbox name="sharing" separate purpose="third-party"></consent-checkbox></p>`,
    ),
};

export const TraditionalChinese: Story = {
  globals: { locale: 'zh-TW' },
  render: () =>
    form('zh-TW', [
      doc('cb-terms-tw', '使用者條款', '這是使用者條款的內文。'),
      doc('cb-privacy-tw', '隱私權政策', '這是隱私權政策的內文。'),
    ]),
};

export const English: Story = {
  globals: { locale: 'en' },
  render: () =>
    form('en', [
      doc('cb-terms-en', 'Terms of Use', 'The text of the terms.'),
      doc('cb-privacy-en', 'Privacy Policy', 'The text of the privacy policy.'),
    ]),
};

export const DarkTheme: Story = {
  globals: { theme: 'dark' },
  render: () =>
    html`<div style="background:#0d1117; color:#e6edf3; padding: 1rem">
      <consent-checkbox
        theme="dark"
        documents="cb-terms cb-privacy"
        dialog="cb-dialog-dark"
      ></consent-checkbox>
      <agreement-dialog id="cb-dialog-dark" theme="dark" .documents=${zhDocs()}></agreement-dialog>
    </div>`,
};

export const PhoneViewport: Story = {
  globals: { viewport: { value: 'mobile1', isRotated: false } },
};
