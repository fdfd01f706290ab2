import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { agreementStore } from '../../src/consent/agreements.js';
import '../../src/elements/agreement-dialog/agreement-dialog.define.js';
import type { AgreementDialog } from '../../src/elements/agreement-dialog/agreement-dialog.js';
import '../../src/elements/consent-checkbox/consent-checkbox.define.js';
import type { ConsentCheckbox } from '../../src/elements/consent-checkbox/consent-checkbox.js';
import { expectAccessible } from '../support/a11y.js';
import { captureReceipts, frames, makeDoc, payloadOf, until } from './agreement-dialog-fixtures.js';

const terms = makeDoc({
  id: 'cb-terms',
  title: '用户协议',
  version: '2026-11-01',
  sections: 2,
  paragraphs: 1,
});
const privacy = makeDoc({
  id: 'cb-privacy',
  title: '隐私政策',
  version: '2026-11-01',
  sections: 2,
  paragraphs: 1,
});

/** A registration form: a dialog with two documents and a box naming both. */
async function registrationForm(lang = 'zh-CN') {
  const form = await fixture<HTMLFormElement>(
    html`<form lang=${lang} @submit=${(e: Event) => e.preventDefault()}>
      <label>手机号 <input name="phone" value="13800000000" /></label>
      <consent-checkbox
        id="box"
        name="agree"
        documents="cb-terms cb-privacy"
        dialog="agreements"
        required
      ></consent-checkbox>
      <button type="submit">注册</button>
      <agreement-dialog id="agreements" .documents=${[terms, privacy]}></agreement-dialog>
    </form>`,
  );
  const box = form.querySelector<ConsentCheckbox>('consent-checkbox')!;
  const dialog = form.querySelector<AgreementDialog>('agreement-dialog')!;
  await box.updateComplete;
  await dialog.updateComplete;
  return { form, box, dialog };
}

const control = (box: ConsentCheckbox) => box.shadowRoot!.querySelector<HTMLInputElement>('input')!;
const links = (box: ConsentCheckbox) => [
  ...box.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="document-link"]'),
];
const sentence = (box: ConsentCheckbox) =>
  box.shadowRoot!.querySelector('label')!.textContent!.replace(/\s+/g, '');

async function readAll(dialog: AgreementDialog, ids: string[]) {
  for (const id of ids) {
    dialog['selectTab'](id);
    await dialog.updateComplete;
    const body = dialog.shadowRoot!.querySelector<HTMLElement>(`[data-body="${id}"]`)!;
    body.scrollTop = body.scrollHeight;
    await until(() => dialog.readEvidence(id).reachedEnd, `${id} read`);
  }
  await dialog.updateComplete;
}

const accept = (dialog: AgreementDialog) =>
  dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part="accept-button"]')!.click();
/** 「不同意」, then 「仍不同意」 where the dialog explains what declining an agreement means. */
const decline = async (dialog: AgreementDialog) => {
  dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part="decline-button"]')!.click();
  await dialog.updateComplete;
  dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part="confirm-decline-button"]')?.click();
};

describe('<consent-checkbox>', () => {
  let receipts: ReturnType<typeof captureReceipts>;
  beforeEach(() => {
    receipts = captureReceipts(
      ['cb-terms', 'cb-privacy', 'sharing', 'tos', 'pp'],
      ['sensitive', 'third-party'],
    );
  });

  it('renders the agreement sentence with document titles that open the dialog on that document', async () => {
    const { form, box, dialog } = await registrationForm();
    expect(sentence(box)).to.equal('我已阅读并同意《用户协议》和《隐私政策》');
    expect(links(box).map((link) => link.textContent!.trim())).to.deep.equal([
      '《用户协议》',
      '《隐私政策》',
    ]);
    await expectAccessible(form, 'unchecked');
    links(box)[1].click();
    await until(() => dialog.open, 'dialog opened');
    await dialog.updateComplete;
    const selected = dialog.shadowRoot!.querySelector('[role="tab"][aria-selected="true"]')!;
    expect(selected.textContent).to.contain('隐私政策');
    // Clicking a title does not tick the box.
    expect(box.checked).to.equal(false);
    await dialog.hide();
  });

  it('still reads titles from elements named by id when there is no dialog', async () => {
    const host = await fixture<HTMLDivElement>(
      html`<div lang="zh-CN">
        <span id="t1" title="用户协议"></span><span id="t2" title="隐私政策"></span>
        <consent-checkbox documents="t1 t2"></consent-checkbox>
      </div>`,
    );
    const box = host.querySelector('consent-checkbox')!;
    await box.updateComplete;
    expect(sentence(box)).to.equal('我已阅读并同意《用户协议》和《隐私政策》');
  });

  it('must-read: ticking opens the dialog; the box is ticked only by accepting there', async () => {
    const { form, box, dialog } = await registrationForm();
    box.mustRead = true;
    await box.updateComplete;
    control(box).click();
    await until(() => dialog.open, 'dialog opened by the box');
    expect(box.checked).to.equal(false);
    expect(control(box).checked).to.equal(false);
    await dialog.updateComplete;
    await expectAccessible(dialog, 'dialog opened from the box');
    await decline(dialog);
    await until(() => !dialog.open, 'closed after decline');
    expect(box.checked).to.equal(false);
    // Opening again at once: the `close` event the browser queued for the first closing must not close it.
    expect(new FormData(form).get('agree')).to.equal(null);

    control(box).click();
    await until(() => dialog.open, 'opened again');
    await readAll(dialog, ['cb-terms', 'cb-privacy']);
    const changed = oneEvent(box, 'change');
    accept(dialog);
    await changed;
    expect(box.checked).to.equal(true);
    expect(control(box).checked).to.equal(true);
    expect(new FormData(form).get('agree')).to.equal('on');
    expect(form.checkValidity()).to.equal(true);
    // Focus came back to the box that opened the dialog.
    expect(box.shadowRoot!.activeElement === control(box), 'focus back on the box').to.equal(true);
    await until(() => receipts.length >= 2, 'decline and accept receipts');
    const last = receipts.at(-1)!.payload;
    expect(last.type).to.equal('agreement');
    expect(last.decision).to.equal('accepted');
    expect(last.documents.map((d) => d.id)).to.deep.equal(['cb-terms', 'cb-privacy']);
    await expectAccessible(form, 'checked');
  });

  it('is never pre-ticked: `checked` holds only for a stored acceptance of the same versions', async () => {
    const first = await registrationForm();
    first.box.setAttribute('checked', '');
    await first.box.updateComplete;
    expect(first.box.checked).to.equal(false);
    first.box.checked = true;
    await first.box.updateComplete;
    expect(first.box.checked).to.equal(false);

    agreementStore().recordAcceptance([
      { id: 'cb-terms', version: '2026-11-01' },
      { id: 'cb-privacy', version: '2026-10-01' },
    ]);
    const older = await fixture<HTMLDivElement>(
      html`<div>
        <agreement-dialog id="d2" no-update-check .documents=${[terms, privacy]}></agreement-dialog>
        <consent-checkbox documents="cb-terms cb-privacy" dialog="d2" checked></consent-checkbox>
      </div>`,
    );
    const olderBox = older.querySelector('consent-checkbox')!;
    await olderBox.updateComplete;
    expect(olderBox.checked, 'an older version was accepted').to.equal(false);

    agreementStore().recordAcceptance([{ id: 'cb-privacy', version: '2026-11-01' }]);
    const same = await fixture<HTMLDivElement>(
      html`<div>
        <agreement-dialog id="d3" .documents=${[terms, privacy]}></agreement-dialog>
        <consent-checkbox documents="cb-terms cb-privacy" dialog="d3" checked></consent-checkbox>
      </div>`,
    );
    const sameBox = same.querySelector('consent-checkbox')!;
    await sameBox.updateComplete;
    expect(sameBox.checked).to.equal(true);
  });

  it('blocks submit while required and unticked, with a floating hint anchored to the box', async () => {
    const { form, box } = await registrationForm();
    let submitted = 0;
    form.addEventListener('submit', () => submitted++);
    expect(form.checkValidity()).to.equal(false);
    expect(box.validationMessage).to.equal('请阅读并勾选同意协议');
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await box.updateComplete;
    await frames(4);
    expect(submitted).to.equal(0);
    const hint = box.shadowRoot!.querySelector<HTMLElement>('[part="hint"]')!;
    expect(hint.hidden).to.equal(false);
    expect(hint.textContent!.trim()).to.equal('请阅读并勾选同意协议');
    expect(control(box).getAttribute('aria-invalid')).to.equal('true');
    expect(box.shadowRoot!.activeElement === control(box), 'focus on the box').to.equal(true);
    const boxRect = control(box).getBoundingClientRect();
    const hintRect = hint.getBoundingClientRect();
    expect(hintRect.top).to.be.at.least(boxRect.bottom);
    expect(hintRect.top - boxRect.bottom).to.be.below(40);
    expect(Math.abs(hintRect.left - boxRect.left)).to.be.below(40);
    await expectAccessible(form, 'hint shown');
    // Ticking the box (documents already accepted: no must-read here) clears the hint and allows submit.
    control(box).click();
    await box.updateComplete;
    expect(hint.hidden).to.equal(true);
    form.requestSubmit();
    expect(submitted).to.equal(1);
  });

  it('shows the same hint on reportValidity() and draws attention without motion when motion is reduced', async () => {
    const { box } = await registrationForm();
    expect(box.reportValidity()).to.equal(false);
    const hint = box.shadowRoot!.querySelector<HTMLElement>('[part="hint"]')!;
    await until(() => !hint.hidden, 'hint shown');
    const base = box.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
    expect(base.classList.contains('attention')).to.equal(true);
    expect(getComputedStyle(base).animationName).to.equal('assent-attention');
    const reduce = document.createElement('style');
    // A test cannot flip the user's setting in every engine; the reduced rule is checked by its own media query.
    reduce.textContent = '';
    document.head.append(reduce);
    const sheet = [...box.shadowRoot!.adoptedStyleSheets].flatMap((s) => [...s.cssRules]);
    const reducedRule = sheet.find(
      (rule) => rule instanceof CSSMediaRule && rule.conditionText.includes('prefers-reduced-motion'),
    );
    expect(reducedRule, 'a prefers-reduced-motion rule exists').to.exist;
    expect(reducedRule!.cssText).to.not.contain('translate');
    reduce.remove();
    control(box).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await box.updateComplete;
    expect(hint.hidden).to.equal(true);
    // Shown again, then a press elsewhere on the page dismisses it.
    box.reportValidity();
    await until(() => !hint.hidden, 'hint shown again');
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await box.updateComplete;
    expect(hint.hidden).to.equal(true);
  });

  it('resets to unticked (or to a `checked` backed by a stored acceptance) and restores state only with one', async () => {
    const { form, box } = await registrationForm();
    control(box).click();
    await box.updateComplete;
    expect(box.checked).to.equal(true);
    form.reset();
    await box.updateComplete;
    expect(box.checked).to.equal(false);
    expect(new FormData(form).get('agree')).to.equal(null);

    agreementStore().forget(['cb-terms', 'cb-privacy']);
    box.formStateRestoreCallback('checked');
    await box.updateComplete;
    expect(box.checked, 'no stored acceptance: not restored').to.equal(false);
    agreementStore().recordAcceptance([
      { id: 'cb-terms', version: '2026-11-01' },
      { id: 'cb-privacy', version: '2026-11-01' },
    ]);
    box.formStateRestoreCallback('checked');
    await box.updateComplete;
    expect(box.checked).to.equal(true);
    box.setAttribute('checked', '');
    form.reset();
    await box.updateComplete;
    expect(box.checked, 'default checked backed by the store').to.equal(true);
  });

  it('ticking directly records an acceptance receipt; unticking records a withdrawal and forgets it', async () => {
    const { box } = await registrationForm();
    control(box).click();
    await until(() => receipts.length === 1, 'acceptance receipt');
    const accepted = receipts[0].payload;
    expect(accepted.type).to.equal('agreement');
    expect(accepted.method).to.deep.equal({
      element: 'consent-checkbox',
      action: 'check',
      label: '我已阅读并同意《用户协议》和《隐私政策》',
    });
    expect(accepted.documents.map((d) => d.sha256)).to.deep.equal([terms.sha256, privacy.sha256]);
    await until(() => agreementStore().get('cb-terms') !== undefined, 'stored');
    control(box).click();
    await until(() => receipts.length === 2, 'withdrawal receipt');
    expect(receipts[1].payload.decision).to.equal('withdrawn');
    await until(() => agreementStore().get('cb-terms') === undefined, 'forgotten');
  });

  it('a separate consent stands alone and yields its own receipt', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form lang="zh-CN">
        <consent-checkbox name="agree" documents="cb-terms" dialog="dlg"></consent-checkbox>
        <consent-checkbox name="sensitive" separate purpose="sensitive"></consent-checkbox>
        <agreement-dialog id="dlg" .documents=${[terms]}></agreement-dialog>
      </form>`,
    );
    const [main, separate] = form.querySelectorAll('consent-checkbox');
    await separate.updateComplete;
    const errors: string[] = [];
    form.addEventListener('assent-error', (event) =>
      errors.push(`${event.detail.code}: ${event.detail.message}`),
    );
    expect(sentence(separate)).to.equal('我单独同意处理我的敏感个人信息');
    control(separate).click();
    await until(() => receipts.length === 1 || errors.length > 0, 'separate receipt');
    expect(errors).to.deep.equal([]);
    const payload = receipts[0].payload;
    expect(payload.type).to.equal('separate');
    expect(payload.purposes).to.deep.equal({ sensitive: true });
    expect(payload.documents).to.deep.equal([]);
    expect(main.checked).to.equal(false);
    expect(agreementStore().separate('sensitive')?.granted).to.equal(true);
    expect(new FormData(form).get('sensitive')).to.equal('on');
    expect(new FormData(form).get('agree')).to.equal(null);
    control(main).click();
    await until(() => receipts.length === 2, 'main receipt');
    expect(receipts[1].payload.type).to.equal('agreement');
    expect(receipts[1].payload.purposes).to.deep.equal({});
    await expectAccessible(form, 'separate and main');
  });

  it('a separate consent with documents and must-read decides through the dialog as a separate receipt', async () => {
    const host = await fixture<HTMLDivElement>(
      html`<div lang="zh-CN">
        <consent-checkbox
          separate
          purpose="third-party"
          documents="sharing"
          dialog="dlg2"
          must-read
        ></consent-checkbox>
        <agreement-dialog
          id="dlg2"
          .documents=${[makeDoc({ id: 'sharing', title: '第三方共享清单', sections: 1, paragraphs: 1 })]}
        ></agreement-dialog>
      </div>`,
    );
    const box = host.querySelector('consent-checkbox')!;
    const dialog = host.querySelector('agreement-dialog')!;
    await box.updateComplete;
    expect(sentence(box)).to.equal('我已阅读《第三方共享清单》，并单独同意向第三方提供我的个人信息');
    control(box).click();
    await until(() => dialog.open && dialog.readEvidence('sharing').reachedEnd, 'dialog open and read');
    await dialog.updateComplete;
    accept(dialog);
    await until(() => box.checked, 'checked through the dialog');
    await until(() => receipts.length === 1, 'one receipt');
    const payload = payloadOf(receipts[0].jws);
    expect(payload.type).to.equal('separate');
    expect(payload.purposes).to.deep.equal({ 'third-party': true });
    expect(payload.documents[0].id).to.equal('sharing');
  });

  it('assigning `form` (as React does with a form prop) joins the form with that id instead of throwing', async () => {
    const root = await fixture<HTMLDivElement>(
      html`<div>
        <form id="cb-signup"></form>
        <consent-checkbox name="agree" documents="cb-terms"></consent-checkbox>
      </div>`,
    );
    const box = root.querySelector('consent-checkbox')!;
    expect(box.form).to.equal(null);
    (box as unknown as { form: string | null }).form = 'cb-signup';
    expect(box.getAttribute('form')).to.equal('cb-signup');
    expect(box.form).to.equal(root.querySelector('form'));
    (box as unknown as { form: string | null }).form = null;
    expect(box.hasAttribute('form')).to.equal(false);
    expect(box.form).to.equal(null);
  });

  it('takes `disabled` from a disabled fieldset', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <fieldset disabled><consent-checkbox name="agree" documents="cb-terms"></consent-checkbox></fieldset>
      </form>`,
    );
    const box = form.querySelector('consent-checkbox')!;
    await box.updateComplete;
    expect(control(box).disabled).to.equal(true);
    form.querySelector('fieldset')!.disabled = false;
    await box.updateComplete;
    expect(control(box).disabled).to.equal(false);
  });

  for (const [lang, text, message] of [
    [
      'en',
      'I have read and agree to the Terms of Service and Privacy Policy',
      'Please read and accept the agreements',
    ],
    ['zh-TW', '我已閱讀並同意《服務條款》和《隱私權政策》', '請閱讀並勾選同意協議'],
    ['zh-CN', '我已阅读并同意《服务条款》和《隐私权政策》', '请阅读并勾选同意协议'],
  ] as const) {
    it(`speaks ${lang} from the nearest lang attribute`, async () => {
      const titles =
        lang === 'en'
          ? ['Terms of Service', 'Privacy Policy']
          : lang === 'zh-TW'
            ? ['服務條款', '隱私權政策']
            : ['服务条款', '隐私权政策'];
      const host = await fixture<HTMLDivElement>(
        html`<div lang=${lang}>
          <agreement-dialog
            id="l-${lang}"
            .documents=${[
              makeDoc({ id: 'tos', title: titles[0], sections: 1 }),
              makeDoc({ id: 'pp', title: titles[1], sections: 1 }),
            ]}
          ></agreement-dialog>
          <form><consent-checkbox documents="tos pp" dialog="l-${lang}" required></consent-checkbox></form>
        </div>`,
      );
      const box = host.querySelector('consent-checkbox')!;
      const dialog = host.querySelector('agreement-dialog')!;
      await box.updateComplete;
      expect(
        box
          .shadowRoot!.querySelector('label')!
          .textContent!.replace(/\s+/g, ' ')
          .replace(/ ?([《》]) ?/g, '$1')
          .trim(),
      ).to.equal(text);
      expect(box.validationMessage).to.equal(message);
      await dialog.show();
      await expectAccessible(dialog, `open in ${lang}`);
      await dialog.hide();
    });
  }

  it('takes titles the dialog learns only by parsing, and refreshes when they arrive', async () => {
    const source = document.createElement('script');
    source.type = 'text/markdown';
    source.textContent = '# 会员服务协议\n\n正文。\n';
    const policy = document.createElement('policy-document');
    policy.setAttribute('doc-id', 'cb-member');
    policy.setAttribute('version', '1');
    policy.setAttribute('format', 'markdown');
    policy.append(source);
    const host = await fixture<HTMLDivElement>(
      html`<div lang="zh-CN">
        <consent-checkbox documents="cb-member" dialog="cb-parsed"></consent-checkbox>
        <agreement-dialog id="cb-parsed">${policy}</agreement-dialog>
      </div>`,
    );
    const box = host.querySelector('consent-checkbox')!;
    await host.querySelector('agreement-dialog')!.documentsReady;
    await box.updateComplete;
    expect(sentence(box)).to.equal('我已阅读并同意《会员服务协议》');
  });

  it('is registered once even when the define module runs again', async () => {
    const { ConsentCheckbox: Again } =
      await import('../../src/elements/consent-checkbox/consent-checkbox.define.js');
    expect(customElements.get('consent-checkbox')).to.equal(Again);
  });
});
