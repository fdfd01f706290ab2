/**
 * /register.html, walked as a person would: submitting without agreeing shows the hint; ticking the box
 * opens the agreement dialog; both documents are read to the end; accepting ticks the box; the form
 * submits; the receiver holds one verified, chained agreement receipt whose document hashes equal
 * `assent hash` of the demo's files; the receipts page lists it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  assentHash,
  eventually,
  openDemo,
  readAllAndAccept,
  waitForReceipts,
  type DemoSession,
} from './demo-harness.js';

let session: DemoSession;
before(async () => {
  session = await openDemo({ warm: ['/register.html', '/receipts.html'] });
});
after(async () => {
  await session?.close();
});

interface Texts {
  query: string;
  phone: string;
  code: string;
  invite: string;
  submit: string;
  sentence: RegExp;
  hint: string;
  dialogTitle: string;
  accept: string;
  done: RegExp;
  documents: { id: string; title: string; file: string }[];
}

const CHINESE: Texts = {
  query: '',
  phone: '手机号码',
  code: '短信验证码',
  invite: '邀请码（选填）',
  submit: '注册',
  sentence: /我已阅读并同意/,
  hint: '请阅读并勾选同意协议',
  dialogTitle: '请阅读并同意以下协议',
  accept: '同意',
  done: /注册成功/,
  documents: [
    { id: 'terms', title: '云帆科技用户使用协议', file: 'policies/yunfan/terms.zh-CN.html' },
    { id: 'privacy', title: '云帆科技隐私政策', file: 'policies/yunfan/privacy.zh-CN.html' },
  ],
};

const ENGLISH: Texts = {
  query: '?lang=en',
  phone: 'Mobile phone number',
  code: 'SMS code',
  invite: 'Invite code (optional)',
  submit: 'Sign up',
  sentence: /I have read and agree/i,
  hint: 'Please read and accept the agreements',
  dialogTitle: 'Please read and accept the following',
  accept: 'Accept',
  done: /You are signed up/,
  documents: [
    { id: 'terms', title: 'Yunfan Tech Terms of Use', file: 'policies/yunfan/terms.en.html' },
    { id: 'privacy', title: 'Yunfan Tech Privacy Policy', file: 'policies/yunfan/privacy.en.html' },
  ],
};

async function signUp(page: Page, texts: Texts): Promise<void> {
  await page.goto(session.url(`/register.html${texts.query}`), { waitUntil: 'networkidle' });
  await page.getByRole('textbox', { name: texts.phone }).fill('13800138000');
  await page.getByRole('textbox', { name: texts.code }).fill('246810');
  await page.getByRole('textbox', { name: texts.invite }).fill('YF2026');

  const box = page.getByRole('checkbox', { name: texts.sentence });
  assert.equal(await box.isChecked(), false, 'never pre-checked');

  // Submitting unticked is blocked and shows the hint.
  await page.getByRole('button', { name: texts.submit, exact: true }).click();
  await page.getByText(texts.hint).first().waitFor({ state: 'visible' });
  assert.equal(await page.getByRole('status').filter({ hasText: texts.done }).count(), 0);

  // Ticking opens the dialog first: the box is ticked only by accepting.
  await box.click();
  const dialog = page.getByRole('dialog', { name: texts.dialogTitle });
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await box.isChecked(), false);
  const accept = dialog.getByRole('button', { name: texts.accept, exact: true });
  assert.equal(await accept.isDisabled(), true, 'accept waits until both documents are read');
  await readAllAndAccept(
    page,
    dialog,
    texts.documents.map((doc) => doc.title),
    texts.query ? 'en' : 'zh-CN',
  );
  await eventually(() => box.isChecked(), 'accepting ticks the box');
  assert.equal(await box.isChecked(), true, 'accepting ticks the box');

  await page.getByRole('button', { name: texts.submit, exact: true }).click();
  await page.getByRole('status').filter({ hasText: texts.done }).waitFor();
}

async function checkStoredReceipt(texts: Texts): Promise<string> {
  const receipts = await waitForReceipts(session, (all) =>
    all.some(
      (r) =>
        r.type === 'agreement' &&
        r.decision === 'accepted' &&
        r.documents[0]?.title === texts.documents[0].title,
    ),
  );
  const receipt = receipts.find(
    (r) => r.type === 'agreement' && r.documents[0]?.title === texts.documents[0].title,
  )!;
  assert.equal(receipt.verified, true, 'signature verified by the receiver');
  assert.equal(receipt.chainIntact, true, 'chain intact');
  assert.deepEqual(
    receipt.documents.map((d) => d.id),
    texts.documents.map((d) => d.id),
  );
  for (const doc of texts.documents) {
    const stored = receipt.documents.find((d) => d.id === doc.id)!;
    assert.equal(stored.version, '2026-10-01');
    assert.equal(stored.sha256, await assentHash(doc.file), `${doc.file}: receipt hash equals assent hash`);
  }
  // The signed reading evidence: both documents read to the end, their bold-and-underlined key clauses counted.
  const signed = (receipt.raw.payload as { documents: { id: string; read: Record<string, unknown> }[] })
    .documents;
  for (const doc of signed) {
    assert.equal(doc.read.reachedEnd, true, `${doc.id} read to the end`);
    assert.ok(Number(doc.read.keyClausesTotal) >= 8, `${doc.id} has its key clauses`);
    assert.ok(Number(doc.read.keyClausesSeen) > 0, `${doc.id}: key clauses were on screen`);
  }
  return receipt.id;
}

test('sign up in Chinese: hint, forced reading, accept, submit, receipt', async () => {
  await signUp(session.page, CHINESE);
  const id = await checkStoredReceipt(CHINESE);

  // The receipts page shows it with its hashes, signature and chain status.
  const { page } = session;
  await page.getByRole('link', { name: '回执' }).click();
  const row = page.getByRole('row').filter({ hasText: '云帆科技用户使用协议' });
  await row.first().waitFor();
  const text = await row.first().innerText();
  assert.match(text, /已验证/);
  assert.match(text, /本页验证通过/, 'the page verified the stored JWS itself');
  assert.match(text, /链完整/);
  assert.match(text, new RegExp(await assentHash(CHINESE.documents[0].file)));
  assert.ok(id);
  assert.deepEqual(session.problems, []);
});

test('sign up in English with the English documents', async () => {
  const page = await session.freshPage('en');
  await signUp(page, ENGLISH);
  await checkStoredReceipt(ENGLISH);
  const receipts = await waitForReceipts(session, (all) => all.length >= 2);
  assert.ok(receipts.every((r) => r.verified && r.chainIntact));
  assert.deepEqual(session.problems, []);
  await page.close();
});
