import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/elements/cookie-manager/cookie-manager.define.js';
import { prepare, siteConfig } from './privacy-banner.stories.js';

/** A government app's purposes: cookies and device permissions, each with the purpose it serves. */
const appConfig = () =>
  siteConfig({
    categories: [
      ...siteConfig().categories!,
      {
        id: 'location',
        kind: 'permission',
        permission: 'geolocation',
        description: {
          'zh-CN': '查找附近的政务服务网点',
          'zh-TW': '查詢附近的政府服務據點',
          en: 'Find government service centres near you',
        },
      },
      {
        id: 'camera',
        kind: 'permission',
        permission: 'camera',
        description: {
          'zh-CN': '扫描身份证完成实名认证',
          'zh-TW': '掃描身分證完成實名認證',
          en: 'Scan your ID card to verify your identity',
        },
      },
      {
        id: 'microphone',
        kind: 'permission',
        permission: 'microphone',
        description: {
          'zh-CN': '语音搜索办事指南',
          'zh-TW': '語音搜尋辦事指南',
          en: 'Search service guides by voice',
        },
      },
      {
        id: 'notifications',
        kind: 'permission',
        permission: 'notifications',
        description: {
          'zh-CN': '提醒办理进度',
          'zh-TW': '提醒辦理進度',
          en: 'Tell you when an application moves on',
        },
      },
    ],
  });

const meta: Meta = {
  title: 'Elements/cookie-manager',
  component: 'cookie-manager',
  render: () => {
    prepare();
    return html`<cookie-manager lang="zh-CN" .config=${siteConfig()}></cookie-manager>`;
  },
};
export default meta;

type Story = StoryObj;

/** Inline on a settings page. */
export const Inline: Story = {};

/** After a decision: the switches show it, and withdrawal is one button. */
export const Decided: Story = {
  render: () => {
    prepare({ decided: true });
    return html`<cookie-manager lang="zh-CN" .config=${siteConfig()}></cookie-manager>`;
  },
};

/** As a modal, opened by any `data-assent-open="cookie-manager"` element. */
export const ModalOpen: Story = {
  render: () => {
    prepare();
    return html`<button type="button" data-assent-open="cookie-manager">隐私设置</button>
      <cookie-manager modal lang="zh-CN" .config=${siteConfig()}></cookie-manager>`;
  },
  play: async ({ canvasElement }) => {
    const manager = canvasElement.querySelector('cookie-manager')!;
    await manager.updateComplete;
    await manager.show();
  },
};

export const PermissionPurposes: Story = {
  render: () => {
    prepare();
    return html`<cookie-manager lang="zh-CN" .config=${appConfig()}></cookie-manager>`;
  },
};

/** GPC on: the marketing switch starts off. */
export const GpcHonoured: Story = {
  render: () => {
    prepare({ gpc: true });
    return html`<cookie-manager
      lang="en"
      .config=${siteConfig({ categories: siteConfig().categories!.map((c) => (c.id === 'marketing' ? { ...c, preselected: true } : c)) })}
    ></cookie-manager>`;
  },
};

export const TraditionalChinese: Story = {
  globals: { locale: 'zh-TW' },
  render: () => {
    prepare();
    return html`<cookie-manager lang="zh-TW" .config=${appConfig()}></cookie-manager>`;
  },
};

export const English: Story = {
  globals: { locale: 'en' },
  render: () => {
    prepare();
    return html`<cookie-manager lang="en" .config=${appConfig()}></cookie-manager>`;
  },
};

export const DarkTheme: Story = {
  globals: { theme: 'dark' },
  render: () => {
    prepare();
    return html`<div style="background: #0d1117; padding: 1rem">
      <cookie-manager theme="dark" lang="en" .config=${siteConfig()}></cookie-manager>
    </div>`;
  },
};

export const Phone: Story = {
  globals: { viewport: { value: 'mobile1', isRotated: false } },
  render: () => {
    prepare();
    return html`<cookie-manager lang="zh-CN" .config=${appConfig()}></cookie-manager>`;
  },
};
