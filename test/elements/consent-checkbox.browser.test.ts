import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/consent-checkbox/consent-checkbox.define.js';
import type { ConsentCheckbox } from '../../src/elements/consent-checkbox/consent-checkbox.js';
import { expectAccessible } from '../support/a11y.js';

describe('<consent-checkbox> (foundation)', () => {
  it('renders the agreement sentence with document titles in the page language', async () => {
    const host = await fixture<HTMLDivElement>(
      html`<div lang="zh-CN">
        <span id="terms" title="用户协议"></span><span id="privacy" title="隐私政策"></span>
        <consent-checkbox documents="terms privacy"></consent-checkbox>
      </div>`,
    );
    const box = host.querySelector('consent-checkbox')!;
    await box.updateComplete;
    expect(box.shadowRoot!.textContent).to.contain('我已阅读并同意《用户协议》和《隐私政策》');
    await expectAccessible(host, 'unchecked');
  });

  it('blocks form submission while required and unchecked, with the localized message', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form lang="zh-CN">
        <consent-checkbox name="agree" required></consent-checkbox>
      </form>`,
    );
    const box = form.querySelector<ConsentCheckbox>('consent-checkbox')!;
    await box.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    expect(box.validationMessage).to.equal('请阅读并勾选同意协议');
    box.shadowRoot!.querySelector('input')!.click();
    await box.updateComplete;
    expect(form.checkValidity()).to.equal(true);
    expect(new FormData(form).get('agree')).to.equal('on');
    await expectAccessible(form, 'checked');
    form.reset();
    await box.updateComplete;
    expect(box.isChecked).to.equal(false);
    expect(new FormData(form).get('agree')).to.equal(null);
  });

  it('is registered once even when the define module runs again', async () => {
    const { ConsentCheckbox: Again } =
      await import('../../src/elements/consent-checkbox/consent-checkbox.define.js');
    expect(customElements.get('consent-checkbox')).to.equal(Again);
  });
});
