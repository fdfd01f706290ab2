/**
 * Refusal is respected, not punished (MIIT app rules, GB/T 42574-2023), in Chinese and English:
 * - 「不同意」 on the sign-up agreement explains once what cannot be used without it and offers to read
 *   again or still decline; still declining closes the dialog (never the page) with a declined receipt.
 * - After "reject all" on the journal's banner, a new configuration revision does not bring the banner
 *   back within the cooldown (48 h); the footer settings still open; after the cooldown it asks again.
 * - Refusing every device permission of the government app leaves its agreement (the service) in place.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually, openDemo, readAllAndAccept, waitForReceipts, type DemoSession } from './demo-harness.js';

let session: DemoSession;
before(async () => {
  session = await openDemo({ warm: ['/register.html', '/site.html', '/gov-app.html'] });
});
after(async () => {
  await session?.close();
});

interface Texts {
  query: string;
  language: 'zh-CN' | 'en';
  sentence: RegExp;
  dialogTitle: string;
  decline: string;
  notice: RegExp;
  readAgain: string;
  stillDecline: string;
  banner: RegExp;
  updatedBanner: RegExp;
  rejectAll: string;
  settings: string;
  manager: string;
}

const CHINESE: Texts = {
  query: '',
  language: 'zh-CN',
  sentence: /我已阅读并同意/,
  dialogTitle: '请阅读并同意以下协议',
  decline: '不同意',
  notice:
    /不同意《云帆科技用户使用协议》和《云帆科技隐私政策》，将无法使用需要这些协议的服务。.*本页面不会被关闭/s,
  readAgain: '重新阅读',
  stillDecline: '仍不同意',
  banner: /我们重视您的隐私/,
  updatedBanner: /隐私设置已更新/,
  rejectAll: '全部拒绝',
  settings: 'Cookie 设置',
  manager: 'Cookie 与权限设置',
};

const ENGLISH: Texts = {
  query: '?lang=en',
  language: 'en',
  sentence: /I have read and agree/i,
  dialogTitle: 'Please read and accept the following',
  decline: 'Decline',
  notice:
    /Without agreeing to Yunfan Tech Terms of Use and Yunfan Tech Privacy Policy you cannot use the services that need them\..*this page stays open/s,
  readAgain: 'Read again',
  stillDecline: 'Still decline',
  banner: /We value your privacy/,
  updatedBanner: /Privacy settings updated/,
  rejectAll: 'Reject all',
  settings: 'Cookie settings',
  manager: 'Cookie and permission settings',
};

async function declineAgreement(page: Page, texts: Texts): Promise<void> {
  const url = session.url(`/register.html${texts.query}`);
  await page.goto(url, { waitUntil: 'networkidle' });
  const box = page.getByRole('checkbox', { name: texts.sentence });
  await box.click();
  const dialog = page.getByRole('dialog', { name: texts.dialogTitle });
  await dialog.waitFor({ state: 'visible' });

  await dialog.getByRole('button', { name: texts.decline, exact: true }).click();
  const notice = dialog.getByRole('alert');
  await notice.waitFor({ state: 'visible' });
  assert.match(await notice.innerText(), texts.notice);
  // Reading again is one press away, and the dialog is exactly where it was.
  await dialog.getByRole('button', { name: texts.readAgain, exact: true }).click();
  await notice.waitFor({ state: 'detached' });
  assert.equal(await dialog.isVisible(), true);

  await dialog.getByRole('button', { name: texts.decline, exact: true }).click();
  await dialog.getByRole('button', { name: texts.stillDecline, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(page.url(), url, 'the page stays; nothing is closed for the person');
  assert.equal(await box.isChecked(), false);

  const receipts = await waitForReceipts(session, (all) =>
    all.some(
      (r) =>
        r.type === 'agreement' &&
        r.decision === 'declined' &&
        (r.raw.payload as { locale?: string }).locale === texts.language,
    ),
  );
  const declined = receipts.find(
    (r) =>
      r.type === 'agreement' &&
      r.decision === 'declined' &&
      (r.raw.payload as { locale?: string }).locale === texts.language,
  )!;
  assert.equal((declined.raw.payload as { method: { label: string } }).method.label, texts.stillDecline);
  assert.equal(declined.verified, true);
}

/** Rewrites the journal's stored decision (as a later visit would find it). */
async function restate(page: Page, change: { revision?: string; hoursAgo?: number }): Promise<void> {
  await page.evaluate((patch) => {
    const pair = document.cookie.split('; ').find((item) => item.startsWith('assent_consent='));
    if (!pair) throw new Error('no stored decision');
    const state = JSON.parse(decodeURIComponent(pair.slice('assent_consent='.length))) as Record<
      string,
      unknown
    >;
    if (patch.revision) state.revision = patch.revision;
    if (patch.hoursAgo !== undefined) state.updatedAt = Date.now() - patch.hoursAgo * 3_600_000;
    document.cookie = `assent_consent=${encodeURIComponent(JSON.stringify(state))}; path=/; max-age=86400; SameSite=Lax`;
  }, change);
}

async function refuseCookies(page: Page, texts: Texts): Promise<void> {
  const url = session.url(`/site.html${texts.query}`);
  await page.goto(url, { waitUntil: 'networkidle' });
  const banner = page.getByRole('region', { name: texts.banner });
  await banner.getByRole('button', { name: texts.rejectAll }).click();
  await banner.waitFor({ state: 'hidden' });
  // The stored decision gets its receipt id once the receipt is made: wait, so nothing rewrites it later.
  await waitForReceipts(session, (all) =>
    all.some(
      (r) =>
        r.type === 'cookie' &&
        r.decision === 'declined' &&
        (r.raw.payload as { locale?: string }).locale === texts.language,
    ),
  );
  await eventually(
    () => page.evaluate(() => decodeURIComponent(document.cookie).includes('"receiptId"')),
    'the decision holds its receipt id',
  );

  // The site publishes a new revision the next day: within 48 hours of the refusal, nobody asks again.
  await restate(page, { revision: 'journal-2026-10', hoursAgo: 20 });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(300);
  assert.equal(await page.getByRole('region', { name: texts.updatedBanner }).count(), 0);
  assert.equal(await page.getByRole('region', { name: texts.banner }).count(), 0);
  assert.match(
    await page.evaluate(() => decodeURIComponent(document.cookie)),
    /"revision":"journal-2026-10"/,
    'the banner stays away because of the cooldown, not because the decision is current',
  );
  // The person can still open the settings whenever they like.
  await page.getByRole('link', { name: texts.settings }).click();
  const manager = page.getByRole('dialog', { name: texts.manager });
  await manager.waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await manager.waitFor({ state: 'hidden' });

  // Two days later the new revision is asked about.
  await restate(page, { hoursAgo: 49 });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.getByRole('region', { name: texts.updatedBanner }).waitFor({ state: 'visible' });
}

async function refusePermissions(page: Page): Promise<void> {
  await page.goto(session.url('/gov-app.html'), { waitUntil: 'networkidle' });
  const dialog = page.getByRole('dialog', { name: '请阅读并同意以下协议' });
  await dialog.waitFor({ state: 'visible' });
  await readAllAndAccept(page, dialog, ['用户协议', '个人信息保护政策']);
  await page.getByRole('status').filter({ hasText: '已同意当前版本' }).waitFor();

  const permissions = page.getByRole('region', { name: '设备权限' });
  await permissions.getByRole('button', { name: '全部拒绝' }).click();
  await eventually(
    async () => (await permissions.getByRole('switch', { checked: true }).count()) === 0,
    'every permission is off',
  );
  // The service stays: no dialog comes back, the agreement still holds after a reload.
  await page.reload({ waitUntil: 'networkidle' });
  await page.getByRole('status').filter({ hasText: '已同意当前版本' }).waitFor();
  assert.equal(await page.getByRole('dialog', { name: '请阅读并同意以下协议' }).isVisible(), false);
}

test('refusals in Chinese: the agreement, the banner cooldown, device permissions', async () => {
  await declineAgreement(session.page, CHINESE);
  await refuseCookies(session.page, CHINESE);
  await refusePermissions(session.page);
  assert.deepEqual(session.problems, []);
});

test('refusals in English: the agreement and the banner cooldown', async () => {
  const page = await session.freshPage('en');
  await declineAgreement(page, ENGLISH);
  await refuseCookies(page, ENGLISH);
  assert.deepEqual(session.problems, []);
  await page.close();
});
