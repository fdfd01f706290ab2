/**
 * /site.html under the strict CSP: nothing gated runs before a choice; rejecting runs only the
 * `!analytics` script; the footer link reopens the manager, where allowing analytics runs its script
 * (which sets its cookies); withdrawing clears them; accepting all runs the inline, nonce-carrying
 * marketing script; the video placeholder loads the player for that one service; GPC is honoured.
 * Every choice is a verified, chained `cookie` receipt.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually, openDemo, waitForReceipts, type DemoSession } from './demo-harness.js';

let session: DemoSession;
before(async () => {
  session = await openDemo({ warm: ['/site.html'] });
});
after(async () => {
  await session?.close();
});

async function cookieNames(page: Page): Promise<string[]> {
  return (await page.context().cookies()).map((cookie) => cookie.name);
}

/** The banner's accessible name (its heading). */
const BANNER = /我们重视您的隐私|隐私设置/;

const runs = (page: Page, name: 'demoAnalyticsRuns' | 'demoMarketingRuns') =>
  page.evaluate((key) => (window as unknown as Record<string, number | undefined>)[key] ?? 0, name);

test('reject, then allow analytics in the manager, then withdraw', async () => {
  const { page } = session;
  await page.goto(session.url('/site.html'), { waitUntil: 'networkidle' });
  const banner = page.getByRole('region', { name: BANNER });
  await banner.waitFor({ state: 'visible' });
  assert.equal(await runs(page, 'demoAnalyticsRuns'), 0, 'nothing gated ran before a choice');
  assert.equal(await page.getByText('未运行（等待同意）').first().isVisible(), true);

  // Three actions of equal standing.
  for (const name of ['全部接受', '全部拒绝', '自定义设置']) {
    assert.equal(await banner.getByRole('button', { name }).isVisible(), true, name);
  }
  await banner.getByRole('button', { name: '全部拒绝' }).click();
  await banner.waitFor({ state: 'hidden' });
  await page.getByText('已拒绝，未运行').waitFor();
  assert.equal(await runs(page, 'demoAnalyticsRuns'), 0);
  assert.ok(!(await cookieNames(page)).some((name) => name.startsWith('yf_stats')));

  // The footer link reopens the manager.
  await page.getByRole('link', { name: 'Cookie 设置' }).click();
  const manager = page.getByRole('dialog', { name: 'Cookie 与权限设置' });
  await manager.waitFor({ state: 'visible' });
  await manager
    .getByRole('switch', { name: /统计分析/ })
    .first()
    .click();
  await manager.getByRole('button', { name: '保存设置' }).click();
  await eventually(async () => (await runs(page, 'demoAnalyticsRuns')) === 1, 'the analytics script ran');
  await eventually(
    async () => (await cookieNames(page)).includes('yf_stats_id'),
    'the analytics script set its cookie',
  );
  assert.equal(await runs(page, 'demoMarketingRuns'), 0, 'marketing still waits');

  // Withdrawal is one step, and clears the category's cookies.
  await page.getByRole('link', { name: 'Cookie 设置' }).click();
  await manager.waitFor({ state: 'visible' });
  await manager.getByRole('button', { name: '撤回同意' }).click();
  await eventually(
    async () => !(await cookieNames(page)).some((name) => name.startsWith('yf_stats')),
    'the analytics cookies are cleared after withdrawal',
  );

  const receipts = await waitForReceipts(
    session,
    (all) => all.filter((r) => r.type === 'cookie').length >= 3,
  );
  const decisions = receipts.filter((r) => r.type === 'cookie').map((r) => r.decision);
  assert.ok(decisions.includes('declined'), `a refusal is recorded (${decisions})`);
  assert.ok(decisions.includes('withdrawn'), `a withdrawal is recorded (${decisions})`);
  assert.ok(receipts.some((r) => r.purposes.analytics === true));
  assert.ok(receipts.every((r) => r.verified && r.chainIntact));
  assert.deepEqual(session.problems, []);
});

test('accept all runs the inline marketing script with its nonce, and loads the video', async () => {
  const page = await session.freshPage();
  await page.goto(session.url('/site.html'), { waitUntil: 'networkidle' });
  const frame = page.locator('iframe[title*="远程协作的十个习惯"]');
  await page.getByRole('button', { name: /允许并加载/ }).waitFor({ state: 'visible' });
  assert.equal(await frame.getAttribute('src'), null, 'the player is not loaded before consent');

  await page.getByRole('region', { name: BANNER }).getByRole('button', { name: '全部接受' }).click();
  await eventually(async () => (await runs(page, 'demoMarketingRuns')) === 1, 'the marketing script ran');
  assert.equal(await runs(page, 'demoAnalyticsRuns'), 1);
  assert.ok((await cookieNames(page)).includes('_adx_demo'));
  await eventually(async () => (await frame.getAttribute('src')) === '/embed-video.html', 'the player loads');
  await page.getByText('已运行').first().waitFor();
  const receipts = await waitForReceipts(session, (all) =>
    all.some((r) => r.decision === 'accepted' && r.purposes.marketing === true),
  );
  assert.ok(receipts.every((r) => r.verified && r.chainIntact));
  await page.close();
  assert.deepEqual(session.problems, [], 'no CSP violation: the gated inline script kept its nonce');
});

test('the video placeholder loads the player for that one service only', async () => {
  const page = await session.freshPage();
  await page.goto(session.url('/site.html'), { waitUntil: 'networkidle' });
  const frame = page.locator('iframe[title*="远程协作的十个习惯"]');
  await page.getByRole('button', { name: /允许并加载/ }).click();
  await eventually(async () => (await frame.getAttribute('src')) === '/embed-video.html', 'the player loads');
  assert.equal(await runs(page, 'demoAnalyticsRuns'), 0, 'consenting to the video does not start analytics');
  assert.equal(await runs(page, 'demoMarketingRuns'), 0, 'nor marketing');
  await page.close();
  assert.deepEqual(session.problems, []);
});

test('Global Privacy Control: marketing starts refused and the banner says so', async () => {
  const page = await session.freshPage();
  // Chromium does not ship GPC: define it before the library loads.
  await page.addInitScript(
    "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })",
  );
  await page.goto(session.url('/site.html'), { waitUntil: 'networkidle' });
  const banner = page.getByRole('region', { name: BANNER });
  await banner.getByText(/全局隐私控制/).waitFor();
  await banner.getByRole('button', { name: '自定义设置' }).click();
  const manager = page.getByRole('dialog', { name: 'Cookie 与权限设置' });
  await manager.waitFor({ state: 'visible' });
  assert.equal(await manager.getByRole('switch', { name: /营销/ }).first().isChecked(), false);
  await page.close();
  assert.deepEqual(session.problems, []);
});
