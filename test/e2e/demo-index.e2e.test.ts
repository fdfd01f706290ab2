/**
 * The demo's index links every scenario in both languages, and every page loads under the strict CSP
 * with no console error, no uncaught exception and no CSP violation.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PAGES as PAGES, openDemo, type DemoSession } from './demo-harness.js';

let session: DemoSession;
before(async () => {
  session = await openDemo({ warm: [] });
});
after(async () => {
  await session?.close();
});

test('the index links every scenario in Chinese and in English', async () => {
  const { page } = session;
  const response = await page.goto(session.url('/'), { waitUntil: 'networkidle' });
  assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self' 'nonce-[^']+'/);
  const chinese = page.getByRole('region', { name: 'Assent 演示站点' });
  const english = page.getByRole('region', { name: 'Assent demo site' });
  for (const [name, href] of [
    ['注册表单', '/register.html'],
    ['服务平台入驻', '/platform.html'],
    ['政务服务 App', '/gov-app.html'],
    ['第三方服务清单', '/service-list.html'],
    ['内容网站', '/site.html'],
    ['儿童学习应用注册', '/guardian.html'],
    ['隐私中心', '/privacy-center.html'],
    ['回执', '/receipts.html'],
  ]) {
    assert.equal(await chinese.getByRole('link', { name, exact: true }).getAttribute('href'), href);
  }
  for (const [name, href] of [
    ['Sign-up form', '/register.html?lang=en'],
    ['Service platform registration', '/platform.html?lang=en'],
    ['Government service app', '/gov-app.html?lang=en'],
    ['Vendor service list', '/service-list.html?lang=en'],
    ['Content site', '/site.html?lang=en'],
    ["Children's app sign-up", '/guardian.html?lang=en'],
    ['Privacy centre', '/privacy-center.html?lang=en'],
    ['Receipts', '/receipts.html?lang=en'],
  ]) {
    assert.equal(await english.getByRole('link', { name, exact: true }).getAttribute('href'), href);
  }
});

test('every page loads under the strict CSP without errors, in both languages', async () => {
  const { page } = session;
  for (const path of PAGES) {
    for (const query of ['', '?lang=en']) {
      await page.goto(session.url(path + query), { waitUntil: 'networkidle' });
      assert.equal(
        await page.evaluate(() => document.documentElement.lang),
        query ? 'en' : 'zh-CN',
        path + query,
      );
      // The gov app asks on first launch; close its dialog without deciding.
      await page.keyboard.press('Escape');
    }
  }
  assert.deepEqual(session.problems, []);
});

test('the agreement dialog renders under the strict CSP without blocked inline styles', async () => {
  const { page } = session;
  await page.goto(session.url('/register.html'), { waitUntil: 'networkidle' });
  await page.getByRole('checkbox', { name: /我已阅读并同意/ }).click();
  const dialog = page.getByRole('dialog', { name: '请阅读并同意以下协议' });
  await dialog.waitFor({ state: 'visible' });
  await dialog.getByRole('region', { name: '《云帆科技用户使用协议》全文', exact: true }).focus();
  await page.keyboard.press('PageDown');
  await page.keyboard.press('Escape');
  assert.deepEqual(session.styleProblems, [], 'an element set a style attribute, which style-src blocks');
  assert.deepEqual(session.problems, []);
});

test('resetting the demo state asks again on the next visit', async () => {
  const page = await session.freshPage();
  await page.goto(session.url('/site.html'), { waitUntil: 'networkidle' });
  const banner = page.getByRole('region', { name: /我们重视您的隐私|隐私设置/ });
  await banner.getByRole('button', { name: '全部拒绝' }).click();
  await banner.waitFor({ state: 'hidden' });
  await page.reload({ waitUntil: 'networkidle' });
  assert.equal(await banner.isVisible(), false, 'the choice is remembered');

  await page.goto(session.url('/'), { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: /重置演示状态/ }).click();
  await page.getByRole('status').filter({ hasText: '已重置' }).waitFor();
  await page.goto(session.url('/site.html'), { waitUntil: 'networkidle' });
  await banner.waitFor({ state: 'visible' });
  await page.close();
  assert.deepEqual(session.problems, []);
});
