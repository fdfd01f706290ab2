/**
 * /privacy-center.html: decisions made on the other demo pages (the journal's cookie banner, the
 * sign-up agreement) are listed by `<consent-history>` with document titles and versions, validity and
 * delivery; each is withdrawn in one step with a signed `withdrawn` receipt that the receiver verifies
 * (`method.element: consent-history`); the cookie choice's receipt carries `validUntil` from
 * `expiryDays`; the page stays usable (no trap, nothing closes).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  eventually,
  openDemo,
  readAllAndAccept,
  waitForReceipts,
  type DemoSession,
  type StoredReceipt,
} from './demo-harness.js';

let session: DemoSession;
before(async () => {
  session = await openDemo({ warm: ['/site.html', '/register.html', '/privacy-center.html'] });
});
after(async () => {
  await session?.close();
});

interface Texts {
  query: string;
  language: 'zh-CN' | 'en';
  banner: RegExp;
  acceptAll: string;
  sentence: RegExp;
  dialogTitle: string;
  documents: string[];
  history: string;
  agreementEntry: string;
  cookieEntry: string;
  allowed: RegExp;
  delivered: string;
  validUntil: RegExp;
  withdrawAgreement: string;
  withdrawCookies: string;
  withdrawnBadge: string;
  superseded: string;
  status: RegExp;
  analyticsSwitch: RegExp;
}

const CHINESE: Texts = {
  query: '',
  language: 'zh-CN',
  banner: /我们重视您的隐私/,
  acceptAll: '全部接受',
  sentence: /我已阅读并同意/,
  dialogTitle: '请阅读并同意以下协议',
  documents: ['云帆科技用户使用协议', '云帆科技隐私政策'],
  history: '我的授权记录',
  agreementEntry: '《云帆科技用户使用协议》（版本 2026-10-01）和《云帆科技隐私政策》（版本 2026-10-01）',
  cookieEntry: 'Cookie 与权限选择',
  allowed: /允许：统计分析、营销和嵌入媒体/,
  delivered: '已送达',
  validUntil: /有效至/,
  withdrawAgreement:
    '撤回同意：《云帆科技用户使用协议》（版本 2026-10-01）和《云帆科技隐私政策》（版本 2026-10-01）',
  withdrawCookies: '撤回同意：Cookie 与权限选择',
  withdrawnBadge: '已撤回',
  superseded: '已被之后的选择取代',
  status: /已撤回“/,
  analyticsSwitch: /统计分析/,
};

const ENGLISH: Texts = {
  query: '?lang=en',
  language: 'en',
  banner: /We value your privacy/,
  acceptAll: 'Accept all',
  sentence: /I have read and agree/i,
  dialogTitle: 'Please read and accept the following',
  documents: ['Yunfan Tech Terms of Use', 'Yunfan Tech Privacy Policy'],
  history: 'My consent records',
  agreementEntry:
    'Yunfan Tech Terms of Use (version 2026-10-01) and Yunfan Tech Privacy Policy (version 2026-10-01)',
  cookieEntry: 'Cookie and permission choices',
  allowed: /Allowed: Analytics, Marketing, and Embedded media/,
  delivered: 'Delivered',
  validUntil: /Valid until/,
  withdrawAgreement:
    'Withdraw consent: Yunfan Tech Terms of Use (version 2026-10-01) and Yunfan Tech Privacy Policy (version 2026-10-01)',
  withdrawCookies: 'Withdraw consent: Cookie and permission choices',
  withdrawnBadge: 'Withdrawn',
  superseded: 'Replaced by a later choice',
  status: /Withdrawn: “/,
  analyticsSwitch: /Analytics/,
};

const signedPayload = (receipt: StoredReceipt) => receipt.raw.payload as Record<string, unknown>;
const isCookieAccept = (receipt: StoredReceipt, texts: Texts) =>
  receipt.type === 'cookie' &&
  receipt.decision === 'accepted' &&
  signedPayload(receipt).locale === texts.language;

async function decide(page: Page, texts: Texts): Promise<void> {
  await page.goto(session.url(`/site.html${texts.query}`), { waitUntil: 'networkidle' });
  const banner = page.getByRole('region', { name: texts.banner });
  await banner.getByRole('button', { name: texts.acceptAll }).click();
  await banner.waitFor({ state: 'hidden' });
  // Its receipt is signed after the click; leaving at once would defer it to the next page that
  // runs the banner (cookies/pending.ts), and the sign-up page does not.
  await waitForReceipts(session, (all) => all.some((r) => isCookieAccept(r, texts)));

  await page.goto(session.url(`/register.html${texts.query}`), { waitUntil: 'networkidle' });
  await page.getByRole('checkbox', { name: texts.sentence }).click();
  const dialog = page.getByRole('dialog', { name: texts.dialogTitle });
  await dialog.waitFor({ state: 'visible' });
  await readAllAndAccept(page, dialog, texts.documents, texts.language);
}

async function walk(page: Page, texts: Texts): Promise<void> {
  await decide(page, texts);
  const title = texts.documents[0]!;
  const before = await waitForReceipts(
    session,
    (all) =>
      all.some((r) => r.type === 'agreement' && r.documents[0]?.title === title) &&
      all.some((r) => isCookieAccept(r, texts)),
  );
  const cookie = before.find((r) => isCookieAccept(r, texts))!;
  const validUntil = Date.parse(String(signedPayload(cookie).validUntil));
  const issuedAt = Date.parse(String(signedPayload(cookie).issuedAt));
  assert.equal(Math.round((validUntil - issuedAt) / 86_400_000), 180, 'validUntil = issuedAt + expiryDays');

  await page.goto(session.url(`/privacy-center.html${texts.query}`), { waitUntil: 'networkidle' });
  const history = page.getByRole('region', { name: texts.history });
  await history.waitFor();
  const agreement = history.getByRole('listitem').filter({ hasText: texts.agreementEntry });
  const cookies = history.getByRole('listitem').filter({ hasText: texts.cookieEntry });
  await eventually(
    async () => (await agreement.first().innerText()).includes(texts.delivered),
    'the agreement is listed as delivered',
  );
  assert.match(await cookies.first().innerText(), texts.allowed);
  assert.match(await cookies.first().innerText(), texts.validUntil);

  // One step each, no confirmation in between; the page stays where it is.
  await history.getByRole('button', { name: texts.withdrawAgreement, exact: true }).click();
  await history.getByRole('status').filter({ hasText: texts.status }).waitFor();
  await history.getByRole('button', { name: texts.withdrawCookies, exact: true }).click();
  await eventually(
    async () =>
      (await history.getByRole('button', { name: texts.withdrawCookies, exact: true }).count()) === 0,
    'nothing is left to withdraw',
  );
  assert.equal(page.url(), session.url(`/privacy-center.html${texts.query}`));

  const after = await waitForReceipts(
    session,
    (all) =>
      all.filter((r) => r.decision === 'withdrawn' && signedPayload(r).locale === texts.language).length >= 2,
  );
  const withdrawals = after.filter(
    (r) => r.decision === 'withdrawn' && signedPayload(r).locale === texts.language,
  );
  for (const receipt of withdrawals) {
    assert.equal(receipt.verified, true, 'the withdrawal is signed and verified');
    assert.equal(receipt.chainIntact, true, 'and continues the chain');
    assert.equal((signedPayload(receipt).method as { element: string }).element, 'consent-history');
  }
  const agreementWithdrawal = withdrawals.find((r) => r.type === 'agreement')!;
  assert.deepEqual(
    agreementWithdrawal.documents.map((d) => [d.title, d.version]),
    texts.documents.map((t) => [t, '2026-10-01']),
  );
  const cookieWithdrawal = withdrawals.find((r) => r.type === 'cookie')!;
  assert.equal(cookieWithdrawal.purposes.analytics, false);

  // The list says what happened; the cookie settings on the same page follow.
  await eventually(
    async () => (await history.getByRole('listitem').filter({ hasText: texts.superseded }).count()) >= 2,
    'the withdrawn decisions are shown as replaced',
  );
  assert.match(await history.getByRole('listitem').first().innerText(), new RegExp(texts.withdrawnBadge));
  const analytics = page.getByRole('switch', { name: texts.analyticsSwitch }).first();
  assert.equal(await analytics.isChecked(), false);

  // The sign-up box is no longer ticked by the earlier acceptance: the dialog would ask again.
  await page.goto(session.url(`/register.html${texts.query}`), { waitUntil: 'networkidle' });
  await page.getByRole('checkbox', { name: texts.sentence }).click();
  await page.getByRole('dialog', { name: texts.dialogTitle }).waitFor({ state: 'visible' });
}

test('privacy centre in Chinese: list, one-step withdrawals, signed receipts', async () => {
  await walk(session.page, CHINESE);
  assert.deepEqual(session.problems, []);
});

test('privacy centre in English', async () => {
  const page = await session.freshPage('en');
  await walk(page, ENGLISH);
  assert.deepEqual(session.problems, []);
  await page.close();
});
