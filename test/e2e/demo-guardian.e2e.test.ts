/**
 * /guardian.html, a children's learning app sign-up (PIPL arts. 31 and 39): the consent box asks for
 * the date of birth first; for a child the sentence speaks to the guardian, the dialog shows the
 * agreement and then the children's rules as a document of their own; the optional cross-border
 * consent shows the recipient's notice. The receiver holds verified receipts with `actor: "guardian"`:
 * the agreement, the separate `children` consent (hash = `assent hash` of the rules), and the
 * `cross-border` consent whose document hash is that of the notice generated from the recipient
 * description. An adult's sign-up stays the ordinary one.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { crossBorderNotice, parsePolicy, type CrossBorderRecipient } from '../../src/document/index.js';
import { agreementStrings } from '../../src/i18n/resources/agreement.js';
import { installJsdom } from '../document/corpus.js';
import {
  assentHash,
  DIALOG_TEXTS,
  readToEnd,
  escapeRegExp,
  demoRoot,
  eventually,
  openDemo,
  readAllAndAccept,
  waitForReceipts,
  type DemoSession,
  type StoredReceipt,
} from './demo-harness.js';

let session: DemoSession;
before(async () => {
  installJsdom();
  session = await openDemo({ warm: ['/guardian.html'] });
});
after(async () => {
  await session?.close();
});

interface Texts {
  query: string;
  language: 'zh-CN' | 'en';
  birthdate: string;
  nickname: string;
  sentence: RegExp;
  guardianSentence: RegExp;
  crossBorderSentence: RegExp;
  birthFirst: RegExp;
  dialogTitle: string;
  documents: string[];
  rules: string;
  notice: string;
  recipientName: string;
  submit: string;
  done: RegExp;
  files: { rules: string; recipient: string };
}

const CHINESE: Texts = {
  query: '',
  language: 'zh-CN',
  birthdate: '学习者出生日期',
  nickname: '学习者昵称',
  sentence: /^我已阅读并同意/,
  guardianSentence: /我是孩子的监护人/,
  crossBorderSentence: /单独同意向境外提供我的个人信息/,
  birthFirst: /请先填写出生日期：未满14周岁的/,
  dialogTitle: '请阅读并同意以下协议',
  documents: ['小星学堂用户协议', '小星学堂隐私政策'],
  rules: '小星学堂儿童个人信息保护规则',
  notice: '个人信息出境告知书',
  recipientName: 'Lumen 学习分析有限公司（虚构公司）',
  submit: '注册',
  done: /监护人的同意回执已签名并发送/,
  files: {
    rules: 'policies/xiaoxing/children.zh-CN.md',
    recipient: 'policies/xiaoxing/cross-border.zh-CN.json',
  },
};

const ENGLISH: Texts = {
  query: '?lang=en',
  language: 'en',
  birthdate: "Learner's date of birth",
  nickname: "Learner's nickname",
  sentence: /^I have read and agree/,
  guardianSentence: /I am the child's parent or guardian/,
  crossBorderSentence: /separately consent to my personal information being transferred abroad/i,
  birthFirst: /Please enter the date of birth first: under 14/,
  dialogTitle: 'Please read and accept the following',
  documents: ['Xiaoxing Learning Terms of Use', 'Xiaoxing Learning Privacy Policy'],
  rules: "Xiaoxing Learning Rules for Children's Personal Information",
  notice: 'Notice of transfer of personal information abroad',
  recipientName: 'Lumen Learning Analytics Pte. Ltd. (a fictional company)',
  submit: 'Sign up',
  done: /The guardian's consent receipts were signed and sent/,
  files: { rules: 'policies/xiaoxing/children.en.md', recipient: 'policies/xiaoxing/cross-border.en.json' },
};

const payload = (receipt: StoredReceipt) => receipt.raw.payload as Record<string, unknown>;

/** The notice's hash as the CLI's parser computes it from the same recipient description. */
async function noticeHash(texts: Texts): Promise<string> {
  const recipient = JSON.parse(
    await readFile(join(demoRoot, texts.files.recipient), 'utf8'),
  ) as CrossBorderRecipient;
  const labels = (agreementStrings[texts.language] as { crossBorder: never }).crossBorder;
  return (await parsePolicy(crossBorderNotice(recipient, labels), { format: 'markdown' })).sha256;
}

async function signUpAsGuardian(page: Page, texts: Texts): Promise<void> {
  await page.goto(session.url(`/guardian.html${texts.query}`), { waitUntil: 'networkidle' });
  await page.getByRole('textbox', { name: texts.nickname }).fill('xiaoming');
  const box = page.getByRole('checkbox', { name: texts.sentence });

  // Who consents depends on the age: without a date of birth the box asks for it first.
  await box.click();
  await page.getByText(texts.birthFirst).waitFor({ state: 'visible' });
  assert.equal(await box.isChecked(), false);
  assert.equal(await page.getByRole('dialog', { name: texts.dialogTitle }).isVisible(), false);

  // An adult keeps the ordinary sentence; a child of eight switches to the guardian's.
  await page.getByLabel(texts.birthdate).fill('1990-04-01');
  assert.equal(await page.getByRole('checkbox', { name: texts.sentence }).count(), 1);
  await page.getByLabel(texts.birthdate).fill('2018-05-01');
  const guardianBox = page.getByRole('checkbox', { name: texts.guardianSentence });
  await guardianBox.waitFor();
  // The sentence names the children's rules the guardian agrees to.
  assert.match(
    await guardianBox.evaluate((el) => el.parentElement?.textContent ?? ''),
    new RegExp(escapeRegExp(texts.rules)),
  );

  // The agreement first, then the children's rules as a document of their own.
  await guardianBox.click();
  const dialog = page.getByRole('dialog', { name: texts.dialogTitle });
  await dialog.waitFor({ state: 'visible' });
  const texts2 = DIALOG_TEXTS[texts.language];
  for (const title of texts.documents) {
    await dialog.getByRole('tab', { name: new RegExp(escapeRegExp(title)) }).click();
    const body = dialog.getByRole('region', { name: texts2.body(title), exact: true });
    await body.waitFor({ state: 'visible' });
    await readToEnd(page, body);
  }
  const accept = dialog.getByRole('button', { name: texts2.accept, exact: true });
  await eventually(() => accept.isEnabled(), 'both documents are read');
  await accept.click();
  // The dialog comes straight back with the rules alone.
  await dialog
    .getByRole('region', { name: texts2.body(texts.rules), exact: true })
    .waitFor({ state: 'visible' });
  assert.equal(await dialog.getByRole('tab').count(), 0, 'the rules stand alone (no tabs)');
  assert.equal(await guardianBox.isChecked(), false, 'not ticked before the separate consent');
  await readAllAndAccept(page, dialog, [texts.rules], texts.language);
  await eventually(() => guardianBox.isChecked(), 'the box is ticked after both consents');

  // The optional cross-border consent: the notice names the recipient.
  await page.getByRole('checkbox', { name: texts.crossBorderSentence }).click();
  await dialog.waitFor({ state: 'visible' });
  await dialog.getByText(texts.recipientName).first().waitFor();
  await readAllAndAccept(page, dialog, [texts.notice], texts.language);

  await page.getByRole('button', { name: texts.submit, exact: true }).click();
  await page.getByRole('status').filter({ hasText: texts.done }).waitFor();
}

async function checkReceipts(texts: Texts): Promise<void> {
  const mine = (all: StoredReceipt[]) =>
    all.filter((r) => payload(r).locale === texts.language && payload(r).actor === 'guardian');
  const receipts = mine(await waitForReceipts(session, (all) => mine(all).length >= 3));
  for (const receipt of receipts) {
    assert.equal(receipt.verified, true);
    assert.equal(receipt.chainIntact, true);
  }
  const agreement = receipts.find((r) => r.type === 'agreement')!;
  assert.deepEqual(
    agreement.documents.map((d) => d.title),
    texts.documents,
  );
  const children = receipts.find((r) => r.type === 'separate' && 'children' in r.purposes)!;
  assert.deepEqual(children.purposes, { children: true });
  assert.equal(children.documents[0]!.title, texts.rules);
  assert.equal(children.documents[0]!.sha256, await assentHash(texts.files.rules));
  const crossBorder = receipts.find((r) => r.type === 'separate' && 'cross-border' in r.purposes)!;
  assert.deepEqual(crossBorder.purposes, { 'cross-border': true });
  assert.equal(crossBorder.documents[0]!.title, texts.notice);
  assert.equal(
    crossBorder.documents[0]!.sha256,
    await noticeHash(texts),
    'the hash covers the notice as shown',
  );
}

test('guardian sign-up in Chinese', async () => {
  await signUpAsGuardian(session.page, CHINESE);
  await checkReceipts(CHINESE);
  assert.deepEqual(session.problems, []);
});

test('guardian sign-up in English', async () => {
  const page = await session.freshPage('en');
  await signUpAsGuardian(page, ENGLISH);
  await checkReceipts(ENGLISH);
  assert.deepEqual(session.problems, []);
  await page.close();
});
