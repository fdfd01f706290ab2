import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/elements/consent-checkbox/consent-checkbox.define.js';

const meta: Meta = {
  title: 'Elements/consent-checkbox',
  component: 'consent-checkbox',
  render: () =>
    html`<span id="terms" title="用户协议"></span><span id="privacy" title="隐私政策"></span>
      <consent-checkbox documents="terms privacy" name="agree"></consent-checkbox>`,
};
export default meta;

type Story = StoryObj;

export const Unchecked: Story = {};

export const English: Story = {
  render: () =>
    html`<div lang="en">
      <span id="terms-en" title="Terms of Use"></span><span id="privacy-en" title="Privacy Policy"></span>
      <consent-checkbox documents="terms-en privacy-en" name="agree"></consent-checkbox>
    </div>`,
};
