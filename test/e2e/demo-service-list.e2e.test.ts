/**
 * /service-list.html: the vendor service list (tables) is accepted; a new version taking effect 30
 * days from today is published; the dialog says 「协议已更新」 and 「将于 … 生效」, and accepting it gives
 * a receipt for the new version whose hash is `assent hash` of the v2 file.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assentHash, openDemo, readAllAndAccept, waitForReceipts, type DemoSession } from './demo-harness.js';

let session: DemoSession;
before(async () => {
  session = await openDemo({ warm: ['/service-list.html'] });
});
after(async () => {
  await session?.close();
});

test('accept the list, then its new version that takes effect in 30 days', async () => {
  const { page } = session;
  await page.goto(session.url('/service-list.html'), { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: '查看并同意服务清单' }).click();
  const dialog = page.getByRole('dialog', { name: '请阅读并同意以下协议' });
  await dialog.waitFor({ state: 'visible' });
  assert.ok(await dialog.getByRole('table').count(), 'the list is shown as tables');
  await readAllAndAccept(page, dialog, ['云帆协作第三方服务清单']);
  await page.getByRole('status').filter({ hasText: '已同意该版本' }).waitFor();

  await page.getByRole('button', { name: '发布新版本' }).click();
  const updated = page.getByRole('dialog', { name: '协议已更新' });
  await updated.waitFor({ state: 'visible' });
  const text = await updated.innerText();
  assert.match(text, /将于\s*\S+\s*生效/);
  const inThirtyDays = new Date(Date.now() + 30 * 86_400_000);
  assert.ok(
    text.includes(String(inThirtyDays.getUTCFullYear())) || text.includes(String(inThirtyDays.getFullYear())),
    'the effective date shown is 30 days ahead',
  );
  await readAllAndAccept(page, updated, ['云帆协作第三方服务清单']);

  const receipts = await waitForReceipts(
    session,
    (all) => all.filter((r) => r.type === 'agreement').length >= 2,
  );
  const [v1, v2] = ['2026-07-01', '2027-01-01'].map((version) =>
    receipts.find((r) => r.documents.some((d) => d.id === 'service-list' && d.version === version)),
  );
  assert.ok(v1 && v2, 'one receipt per version');
  assert.equal(v1.documents[0].sha256, await assentHash('policies/service-list/service-list-v1.zh-CN.md'));
  assert.equal(v2.documents[0].sha256, await assentHash('policies/service-list/service-list-v2.zh-CN.md'));
  assert.ok(receipts.every((r) => r.verified && r.chainIntact));
  assert.deepEqual(session.problems, []);
});
