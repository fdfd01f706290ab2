import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/elements/consent-history/consent-history.define.js';
import {
  HISTORY_STATE_VERSION,
  HISTORY_STORAGE_KEY,
  clearHistory,
  type HistoryEntry,
} from '../src/consent/history.js';

const HOUR = 3_600_000;
const iso = (offsetHours: number) => new Date(Date.now() + offsetHours * HOUR).toISOString();
const hash = (char: string) => char.repeat(64);

/** What a browser's history holds after a sign-up, a guardian's consent and a cookie choice. */
function entries(options: { expired?: boolean; withdrawn?: boolean } = {}): HistoryEntry[] {
  const list: HistoryEntry[] = [
    {
      id: '7a0c5c43-2d4e-4a4e-9a51-1f1f8c3c0001',
      type: 'agreement',
      decision: 'accepted',
      issuedAt: iso(-72),
      locale: 'zh-CN',
      documents: [
        { id: 'terms', version: '2026-10-01', title: '云帆科技用户使用协议', sha256: hash('a') },
        { id: 'privacy', version: '2026-10-01', title: '云帆科技隐私政策', sha256: hash('b') },
      ],
      purposes: {},
      element: 'agreement-dialog',
      action: 'accept',
      signed: true,
    },
    {
      id: '7a0c5c43-2d4e-4a4e-9a51-1f1f8c3c0002',
      type: 'separate',
      decision: 'accepted',
      issuedAt: iso(-48),
      locale: 'zh-CN',
      actor: 'guardian',
      documents: [
        { id: 'children', version: '2026-09-01', title: '小星学堂儿童个人信息保护规则', sha256: hash('c') },
      ],
      purposes: { children: true },
      element: 'agreement-dialog',
      action: 'accept',
      signed: true,
    },
    {
      id: '7a0c5c43-2d4e-4a4e-9a51-1f1f8c3c0003',
      type: 'separate',
      decision: 'accepted',
      issuedAt: iso(-24),
      locale: 'zh-CN',
      validUntil: options.expired ? iso(-1) : iso(24 * 179),
      documents: [{ id: 'xb', version: '2026-09-01', title: '个人信息出境告知书', sha256: hash('d') }],
      purposes: { 'cross-border': true },
      element: 'consent-checkbox',
      action: 'check',
      signed: true,
    },
  ];
  if (options.withdrawn) {
    list.push({
      ...list[0]!,
      id: '7a0c5c43-2d4e-4a4e-9a51-1f1f8c3c0004',
      decision: 'withdrawn',
      issuedAt: iso(-1),
      element: 'consent-history',
      action: 'withdraw',
    });
  }
  return list;
}

/** Puts a history in this frame's storage, as earlier decisions on the site would have. */
function seed(list: HistoryEntry[]): void {
  clearHistory();
  localStorage.setItem(HISTORY_STORAGE_KEY, JSON.stringify({ v: HISTORY_STATE_VERSION, entries: list }));
}

const meta: Meta = {
  title: 'Elements/consent-history',
  component: 'consent-history',
  render: () => {
    seed(entries());
    return html`<consent-history lang="zh-CN"></consent-history>`;
  },
};
export default meta;

type Story = StoryObj;

/** Agreements with their versions, a guardian's separate consent, a cross-border consent with its validity. */
export const Listed: Story = {};

/** Nothing decided in this browser yet. */
export const Empty: Story = {
  render: () => {
    seed([]);
    return html`<consent-history lang="zh-CN"></consent-history>`;
  },
};

/** A consent whose validity passed: shown as expired, asked again next time, nothing to withdraw. */
export const Expired: Story = {
  render: () => {
    seed(entries({ expired: true }));
    return html`<consent-history lang="zh-CN"></consent-history>`;
  },
};

/** After a withdrawal: the withdrawal on top, the acceptance it replaced marked so. */
export const Withdrawn: Story = {
  render: () => {
    seed(entries({ withdrawn: true }));
    return html`<consent-history lang="zh-CN"></consent-history>`;
  },
};

/** English strings. */
export const English: Story = {
  render: () => {
    seed(entries());
    return html`<consent-history lang="en"></consent-history>`;
  },
};

/** Traditional Chinese strings. */
export const TraditionalChinese: Story = {
  render: () => {
    seed(entries());
    return html`<consent-history lang="zh-TW"></consent-history>`;
  },
};

/** Dark theme. */
export const Dark: Story = {
  render: () => {
    seed(entries());
    return html`<consent-history lang="zh-CN" theme="dark"></consent-history>`;
  },
};
