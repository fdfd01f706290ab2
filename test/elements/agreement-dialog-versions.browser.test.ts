import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { agreementStore, diffSections, fingerprintSections } from '../../src/consent/agreements.js';
import { parsePolicy } from '../../src/document/index.js';
import '../../src/elements/agreement-dialog/agreement-dialog.define.js';
import type { AgreementDialog } from '../../src/elements/agreement-dialog/agreement-dialog.js';
import { expectAccessible } from '../support/a11y.js';
import { captureReceipts, until } from './agreement-dialog-fixtures.js';

const V1 = `# 用户协议

## 一、总则

欢迎使用本服务。本协议是您与本公司之间的约定。

## 二、账号

您应妥善保管账号和密码。

## 三、责任

旧版的责任条款。
`;

/** V1 with a section inserted before 「三、责任」, which became 「四、责任」 with the same text. */
const V1_RENUMBERED = `# 用户协议

## 一、总则

欢迎使用本服务。本协议是您与本公司之间的约定。

## 二、账号

您应妥善保管账号和密码。

## 三、未成年人

未满十八周岁的用户应在监护人陪同下阅读本协议。

## 四、责任

旧版的责任条款。
`;

const V2 = `# 用户协议

## 一、总则

欢迎使用本服务。本协议是您与本公司之间的约定。

## 二、账号

**您应妥善保管账号和密码，因保管不善造成的损失由您自行承担。**

## 四、数据

我们会按照隐私政策处理您的数据。
`;

/** A `<policy-document>` with inline Markdown in a `<script type="text/markdown">` (built with DOM APIs: Lit does not bind inside scripts). */
function inlinePolicy(attributes: Record<string, string>, text: string): HTMLElement {
  const element = document.createElement('policy-document');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  const script = document.createElement('script');
  script.type = 'text/markdown';
  script.textContent = text;
  element.append(script);
  return element;
}

function acceptV1() {
  const doc = parsePolicy(V1, {
    format: 'markdown',
    id: 'v-terms',
    version: '2026-01-01',
    title: '用户协议',
  });
  agreementStore().recordAcceptance([
    { id: 'v-terms', version: '2026-01-01', sha256: doc.sha256, sections: fingerprintSections(doc) },
  ]);
  return doc;
}

const part = (dialog: AgreementDialog, selector: string) =>
  dialog.shadowRoot!.querySelector<HTMLElement>(selector);

describe('<agreement-dialog> versions and <policy-document> sources', () => {
  let receipts: ReturnType<typeof captureReceipts>;
  beforeEach(() => {
    receipts = captureReceipts(['v-terms', 'gone']);
  });

  it('parses inline Markdown from <policy-document> and renders title, contents and key clauses', async () => {
    const host = await fixture<HTMLDivElement>(
      html`<div lang="zh-CN">
        <agreement-dialog>
          ${inlinePolicy({ 'doc-id': 'v-terms', version: '2026-11-01', title: '用户协议', format: 'markdown' }, V2)}
        </agreement-dialog>
      </div>`,
    );
    const dialog = host.querySelector('agreement-dialog')!;
    await dialog.documentsReady;
    expect(dialog.documentInfo('v-terms')).to.include({
      title: '用户协议',
      version: '2026-11-01',
      status: 'ready',
    });
    expect(dialog.documentInfo('v-terms')!.sha256).to.match(/^[0-9a-f]{64}$/);
    expect(dialog.open, 'a first-time visitor is not prompted by the update check').to.equal(false);
    await dialog.show();
    const toc = [...dialog.shadowRoot!.querySelectorAll('[part="toc"] a')].map((a) => a.textContent!.trim());
    expect(toc.join('|')).to.contain('二、账号');
    expect(part(dialog, '[part="key-clause"]')!.textContent).to.contain('您应妥善保管账号和密码');
    expect(part(dialog, '[part="key-clauses"]')!.textContent).to.contain('共 1 条重点条款');
    // A table-of-contents entry scrolls the body to its heading, inside the shadow root.
    const link = [...dialog.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part="toc"] a')].at(-1)!;
    part(dialog, '[part="toc"]')!.setAttribute('open', '');
    link.click();
    const target = dialog.shadowRoot!.getElementById(link.getAttribute('href')!.slice(1))!;
    expect(dialog.shadowRoot!.activeElement).to.equal(target);
    await expectAccessible(dialog, 'parsed document, contents open');
  });

  it('loads a document from `src` and shows a load failure without crashing', async () => {
    const errors: string[] = [];
    const onError = (event: CustomEvent<{ code: string }>) => errors.push(event.detail.code);
    document.addEventListener('assent-error', onError);
    const url = URL.createObjectURL(new Blob([V1], { type: 'text/markdown' }));
    const host = await fixture<HTMLDivElement>(
      html`<div lang="zh-CN">
        <agreement-dialog>
          <policy-document
            doc-id="v-terms"
            version="1"
            title="用户协议"
            format="markdown"
            src=${url}
          ></policy-document>
          <policy-document
            doc-id="gone"
            version="1"
            title="不存在的协议"
            src="/no/such/policy.md"
          ></policy-document>
        </agreement-dialog>
      </div>`,
    );
    const dialog = host.querySelector('agreement-dialog')!;
    await dialog.documentsReady;
    expect(dialog.documentInfo('v-terms')!.status).to.equal('ready');
    expect(dialog.documentInfo('gone')!.status).to.equal('error');
    expect(errors).to.include('document-load-failed');
    await dialog.show({ document: 'gone' });
    expect(part(dialog, '[data-panel="gone"] .placeholder')!.textContent).to.contain(
      '《不存在的协议》加载失败',
    );
    expect(dialog.canAccept).to.equal(false);
    expect(part(dialog, '[part="decline-button"]')!.hasAttribute('disabled')).to.equal(false);
    await expectAccessible(dialog, 'load failed');
    URL.revokeObjectURL(url);
    document.removeEventListener('assent-error', onError);
  });

  it('opens by itself when an accepted document has a new version, with a summary of what changed', async () => {
    acceptV1();
    const host = await fixture<HTMLDivElement>(
      html`<div lang="zh-CN">
        <agreement-dialog>
          ${inlinePolicy({ 'doc-id': 'v-terms', version: '2026-11-01', title: '用户协议', format: 'markdown' }, V2)}
        </agreement-dialog>
      </div>`,
    );
    const dialog = host.querySelector('agreement-dialog')!;
    await until(() => dialog.open, 'opened for the update');
    await dialog.updateComplete;
    expect(dialog.pendingUpdates).to.deep.equal(['v-terms']);
    expect(part(dialog, '[part="title"]')!.textContent).to.contain('协议已更新');
    const summary = part(dialog, '[part="update-summary"]')!.textContent!.replace(/\s+/g, '');
    expect(summary).to.contain('《用户协议》已更新至2026-11-01版');
    expect(summary).to.contain('新增：四、数据');
    expect(summary).to.contain('删除：三、责任');
    expect(summary).to.contain('修改：二、账号');
    expect(summary).to.not.contain('一、总则');
    expect(part(dialog, '[part="change-badge"]')!.textContent).to.match(/新增|已修改/);
    await expectAccessible(dialog, 'updated');
    // A major change is accepted again, after reading.
    expect(part(dialog, '[part="accept-button"]')!.getAttribute('aria-disabled')).to.equal('true');
    const body = part(dialog, '[data-body="v-terms"]')!;
    body.scrollTop = body.scrollHeight;
    await until(() => dialog.canAccept, 'read');
    await dialog.updateComplete;
    const accepted = oneEvent(dialog, 'agreement-accept');
    part(dialog, '[part="accept-button"]')!.click();
    const { detail } = await accepted;
    expect(detail.documents).to.deep.equal(['v-terms']);
    expect(agreementStore().get('v-terms')!.version).to.equal('2026-11-01');
    expect(receipts.at(-1)!.payload.documents[0].version).to.equal('2026-11-01');
    expect(dialog.pendingUpdates).to.deep.equal([]);
  });

  it('a minor update only informs: acknowledged without re-reading or a decline button', async () => {
    acceptV1();
    const host = await fixture<HTMLDivElement>(
      html`<div lang="zh-CN">
        <agreement-dialog>
          ${inlinePolicy({ 'doc-id': 'v-terms', version: '2026-11-02', change: 'minor', title: '用户协议', format: 'markdown' }, V2)}
        </agreement-dialog>
      </div>`,
    );
    const dialog = host.querySelector('agreement-dialog')!;
    await until(() => dialog.open, 'opened for the minor update');
    await dialog.updateComplete;
    expect(part(dialog, '[part="update-summary"]')!.textContent).to.contain('本次为一般性更新，无需重新同意');
    expect(part(dialog, '[part="decline-button"]')).to.equal(null);
    const button = part(dialog, '[part="accept-button"]')!;
    expect(button.textContent!.trim()).to.equal('知道了');
    expect(button.getAttribute('aria-disabled')).to.equal('false');
    await expectAccessible(dialog, 'minor update');
    const accepted = oneEvent(dialog, 'agreement-accept');
    button.click();
    await accepted;
    const payload = receipts.at(-1)!.payload;
    expect(payload.decision).to.equal('updated');
    expect(payload.method.action).to.equal('acknowledge');
    expect(agreementStore().get('v-terms')!.version).to.equal('2026-11-02');
  });

  it('does not open when the accepted version is current, or when the host turned the check off', async () => {
    const doc = acceptV1();
    const host = await fixture<HTMLDivElement>(
      html`<div>
        <agreement-dialog id="same"
          >${inlinePolicy({ 'doc-id': 'v-terms', version: '2026-01-01', title: '用户协议', format: 'markdown' }, V1)}</agreement-dialog
        >
        <agreement-dialog id="off" no-update-check
          >${inlinePolicy({ 'doc-id': 'v-terms', version: '2026-12-01', title: '用户协议', format: 'markdown' }, V2)}</agreement-dialog
        >
      </div>`,
    );
    const [same, off] = host.querySelectorAll('agreement-dialog');
    await Promise.all([same.documentsReady, off.documentsReady]);
    expect(same.documentInfo('v-terms')!.sha256).to.equal(doc.sha256);
    expect(same.open).to.equal(false);
    expect(off.open).to.equal(false);
    expect(off.pendingUpdates).to.deep.equal(['v-terms']);
  });

  it('does not report a renumbered but unchanged section as removed and added', async () => {
    acceptV1();
    const host = await fixture<HTMLDivElement>(
      html`<div lang="zh-CN">
        <agreement-dialog>
          ${inlinePolicy({ 'doc-id': 'v-terms', version: '2026-11-03', title: '用户协议', format: 'markdown' }, V1_RENUMBERED)}
        </agreement-dialog>
      </div>`,
    );
    const dialog = host.querySelector('agreement-dialog')!;
    await until(() => dialog.open, 'opened for the update');
    await dialog.updateComplete;
    const summary = part(dialog, '[part="update-summary"]')!.textContent!.replace(/\s+/g, '');
    expect(summary).to.contain('新增：三、未成年人');
    expect(summary).to.not.contain('删除');
    expect(summary).to.not.contain('修改');
    expect(summary).to.not.contain('四、责任');
    await expectAccessible(dialog, 'updated, renumbered');
  });

  it('pairs sections by their text before their numbering, also for records stored without heading text', () => {
    const parse = (text: string) => parsePolicy(text, { format: 'markdown', id: 'x', version: '1' });
    const v1 = fingerprintSections(parse(V1));
    const renumbered = fingerprintSections(parse(V1_RENUMBERED));
    expect(diffSections(v1, renumbered)).to.deep.equal({ added: ['三、未成年人'], removed: [], changed: [] });
    // Records from before `title` was kept: paired by the end of the shown heading.
    const legacy = v1.map(({ heading, hash }) => ({ heading, hash }));
    expect(diffSections(legacy, renumbered)).to.deep.equal({
      added: ['三、未成年人'],
      removed: [],
      changed: [],
    });
    // Renumbered and edited: one change, under its new heading.
    const edited = fingerprintSections(parse(V1_RENUMBERED.replace('旧版的责任条款。', '新版的责任条款。')));
    expect(diffSections(v1, edited)).to.deep.equal({
      added: ['三、未成年人'],
      removed: [],
      changed: ['四、责任'],
    });
    // Numbered articles without titles: text moved to the next number is not a change.
    const articles = (list: string[]) =>
      fingerprintSections(parse(list.map((text, index) => `## 第${index + 1}条\n\n${text}\n`).join('\n')));
    expect(diffSections(articles(['甲。', '乙。']), articles(['新。', '甲。', '乙。']))).to.deep.equal({
      added: ['第1条'],
      removed: [],
      changed: [],
    });
    // The V1 -> V2 example still reads as before.
    expect(diffSections(v1, fingerprintSections(parse(V2)))).to.deep.equal({
      added: ['四、数据'],
      removed: ['三、责任'],
      changed: ['二、账号'],
    });
  });

  it('isAccepted() tells whether the current versions were accepted here', async () => {
    const doc = acceptV1();
    const host = await fixture<HTMLDivElement>(
      html`<div>
        <agreement-dialog no-update-check
          >${inlinePolicy({ 'doc-id': 'v-terms', version: '2026-01-01', title: '用户协议', format: 'markdown' }, V1)}${inlinePolicy({ 'doc-id': 'v-other', version: '1', title: '其他', format: 'markdown' }, V1)}</agreement-dialog
        >
      </div>`,
    );
    const dialog = host.querySelector('agreement-dialog')!;
    expect(dialog.isAccepted(['v-terms']), 'by version before loading').to.equal(true);
    await dialog.documentsReady;
    expect(dialog.documentInfo('v-terms')!.sha256).to.equal(doc.sha256);
    expect(dialog.isAccepted(['v-terms'])).to.equal(true);
    expect(dialog.isAccepted(), 'all documents').to.equal(false);
    expect(dialog.isAccepted(['v-other'])).to.equal(false);
    expect(dialog.isAccepted(['unknown'])).to.equal(false);
    expect(dialog.isAccepted([])).to.equal(false);
    dialog.querySelector('policy-document')!.setAttribute('version', '2026-02-01');
    await until(() => !dialog.isAccepted(['v-terms']), 'a new version is not accepted');
  });
});
