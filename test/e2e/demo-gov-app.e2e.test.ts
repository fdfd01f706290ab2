/**
 * /gov-app.html: first launch opens one dialog with the tabs 「用户协议」「个人信息保护政策」 and their
 * version dates; device permissions are chosen one by one, each shown with its purpose; publishing a
 * new policy version brings the dialog back as 「协议已更新」 with what changed, and accepting it gives
 * a receipt for the new version.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assentHash, openDemo, readAllAndAccept, waitForReceipts, type DemoSession } from './demo-harness.js';

let session: DemoSession;
before(async () => {
  session = await openDemo({ warm: ['/gov-app.html'], viewport: { width: 412, height: 915 } });
});
after(async () => {
  await session?.close();
});

test('first launch: two tabs with version dates, read and accept', async () => {
  const { page } = session;
  await page.goto(session.url('/gov-app.html'), { waitUntil: 'networkidle' });
  const dialog = page.getByRole('dialog', { name: '请阅读并同意以下协议' });
  await dialog.waitFor({ state: 'visible' });
  const tabs = dialog.getByRole('tab');
  assert.deepEqual(
    (await tabs.allInnerTexts()).map((t) => t.trim().split(/\s/)[0]),
    ['用户协议', '个人信息保护政策'],
  );
  for (const name of ['用户协议', '个人信息保护政策']) {
    await dialog.getByRole('tab', { name: new RegExp(name) }).click();
    assert.match(await dialog.getByRole('tabpanel').innerText(), /2026-06-01|2026年6月1日/);
  }
  await readAllAndAccept(page, dialog, ['用户协议', '个人信息保护政策']);
  await page.getByRole('status').filter({ hasText: '已同意当前版本' }).waitFor();

  const receipts = await waitForReceipts(session, (all) => all.some((r) => r.type === 'agreement'));
  const receipt = receipts.find((r) => r.type === 'agreement')!;
  assert.deepEqual(
    receipt.documents.map((d) => [d.id, d.version]),
    [
      ['gov-terms', '2026-06-01'],
      ['gov-privacy', '2026-06-01'],
    ],
  );
  assert.equal(receipt.documents[0].sha256, await assentHash('policies/gov-app/user-agreement.zh-CN.txt'));
  assert.equal(receipt.documents[1].sha256, await assentHash('policies/gov-app/privacy-v1.zh-CN.txt'));
  assert.equal(receipt.verified && receipt.chainIntact, true);
});

test('device permissions: each purpose shown with its text and chosen on its own', async () => {
  const { page } = session;
  const permissions = page.getByRole('region', { name: '设备权限' });
  for (const purpose of [
    '用于查找附近的政务服务大厅',
    '用于从相册中选择申请材料图片上传',
    '用于扫描二维码',
    '用于语音搜索办事事项',
    '用于在来电时暂停语音播报',
    '用于推送办事进度和证照到期提醒',
    '用于保存您下载的办事回执和电子证照图片',
  ]) {
    assert.ok(await permissions.getByText(new RegExp(purpose)).first().isVisible(), purpose);
  }
  await permissions
    .getByRole('switch', { name: /位置信息/ })
    .first()
    .click();
  await permissions.getByRole('switch', { name: /相机/ }).first().click();
  await permissions.getByRole('button', { name: '保存设置' }).click();

  const receipts = await waitForReceipts(session, (all) => all.some((r) => r.type === 'cookie'));
  const receipt = receipts.find((r) => r.type === 'cookie')!;
  assert.equal(receipt.purposes.location, true);
  assert.equal(receipt.purposes.camera, true);
  for (const off of ['photos', 'microphone', 'phone-state', 'notifications', 'files']) {
    assert.equal(receipt.purposes[off], false, off);
  }
  assert.equal(receipt.verified && receipt.chainIntact, true);
});

test('a new policy version is shown as updated with its changes and accepted again', async () => {
  const { page } = session;
  await page.getByRole('button', { name: '发布新版本' }).click();
  const dialog = page.getByRole('dialog', { name: '协议已更新' });
  await dialog.waitFor({ state: 'visible' });
  const summary = await dialog.innerText();
  assert.match(summary, /个人信息保护政策/);
  assert.match(summary, /新增|修改/);
  await readAllAndAccept(page, dialog, ['个人信息保护政策']);

  const receipts = await waitForReceipts(session, (all) =>
    all.some((r) => r.type === 'agreement' && r.documents.some((d) => d.version === '2026-12-01')),
  );
  const receipt = receipts.find((r) => r.documents.some((d) => d.version === '2026-12-01'))!;
  const privacy = receipt.documents.find((d) => d.id === 'gov-privacy')!;
  assert.equal(privacy.sha256, await assentHash('policies/gov-app/privacy-v2.zh-CN.txt'));
  assert.equal(receipt.verified && receipt.chainIntact, true);
  const all = await waitForReceipts(session, (list) => list.length >= 3);
  assert.ok(
    all.every((r) => r.verified && r.chainIntact),
    'every receipt of this browser verified, chain intact',
  );
  assert.deepEqual(session.problems, []);
});
