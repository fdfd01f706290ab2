/**
 * /platform.html: a provider sign-up with the 【】-titled registration agreement and the Markdown
 * privacy policy (section index, bold sensitive-information notice) as one consent, and the
 * sensitive personal information as a separate consent with its own receipt.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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
  session = await openDemo({ warm: ['/platform.html'] });
});
after(async () => {
  await session?.close();
});

test('agreement and separate consent for sensitive information give two receipts', async () => {
  const { page } = session;
  await page.goto(session.url('/platform.html'), { waitUntil: 'networkidle' });
  await page.getByRole('textbox', { name: '姓名' }).fill('李明');
  await page.getByRole('textbox', { name: '手机号码' }).fill('13900139000');

  const agreementBox = page.getByRole('checkbox', { name: /我已阅读并同意/ });
  const separateBox = page.getByRole('checkbox', { name: /单独同意/ });
  assert.equal(await agreementBox.isChecked(), false);
  assert.equal(await separateBox.isChecked(), false);

  // The form needs both: submitting now is blocked.
  await page.getByRole('button', { name: '提交入驻申请' }).click();
  await page.getByText('请阅读并勾选同意协议').first().waitFor({ state: 'visible' });

  await agreementBox.click();
  const dialog = page.getByRole('dialog', { name: '请阅读并同意以下协议' });
  await dialog.waitFor({ state: 'visible' });
  // The 【】 sections of the registration agreement are headings of the document.
  await dialog.getByRole('tab', { name: /星河服务平台用户注册协议/ }).click();
  assert.ok(await dialog.getByRole('heading', { name: /【定义】/ }).count());
  // The Markdown policy keeps its section index and its bold notice on sensitive information.
  await dialog.getByRole('tab', { name: /星河服务平台隐私政策/ }).click();
  const privacyBody = dialog.getByRole('region', { name: /星河服务平台隐私政策/ });
  await privacyBody.getByText('您可以根据以下索引阅读相应章节').waitFor();
  assert.ok(await privacyBody.getByText(/本政策中以粗体标识的个人信息属于敏感个人信息/).count());
  await readAllAndAccept(page, dialog, ['星河服务平台用户注册协议', '星河服务平台隐私政策']);
  await eventually(() => agreementBox.isChecked(), 'the agreement box is ticked');
  assert.equal(
    await separateBox.isChecked(),
    false,
    'the separate consent is not bundled with the agreement',
  );

  await separateBox.click();
  const sensitiveDialog = page.getByRole('dialog').filter({ hasText: '敏感个人信息处理规则' });
  await sensitiveDialog.waitFor({ state: 'visible' });
  await readAllAndAccept(page, sensitiveDialog, ['敏感个人信息处理规则']);
  await eventually(() => separateBox.isChecked(), 'the separate box is ticked');

  await page.getByRole('button', { name: '提交入驻申请' }).click();
  await page.getByRole('status').filter({ hasText: '入驻申请已提交' }).waitFor();

  const receipts = await waitForReceipts(
    session,
    (all) => all.some((r) => r.type === 'separate') && all.some((r) => r.type === 'agreement'),
  );
  const agreement = receipts.find((r) => r.type === 'agreement')!;
  const separate = receipts.find((r) => r.type === 'separate')!;
  assert.deepEqual(
    agreement.documents.map((d) => d.id),
    ['platform-terms', 'platform-privacy'],
  );
  assert.equal(
    agreement.documents[0].sha256,
    await assentHash('policies/platform/registration-agreement.zh-CN.txt'),
  );
  assert.equal(agreement.documents[1].sha256, await assentHash('policies/platform/privacy.zh-CN.md'));
  assert.equal(separate.decision, 'accepted');
  assert.deepEqual(
    separate.documents.map((d) => d.id),
    ['sensitive-rules'],
  );
  assert.equal(separate.documents[0].sha256, await assentHash('policies/platform/sensitive-info.zh-CN.md'));
  assert.equal(separate.purposes.sensitive, true);
  for (const receipt of [agreement, separate]) {
    assert.equal(receipt.verified, true, `${receipt.type}: signature verified`);
    assert.equal(receipt.chainIntact, true, `${receipt.type}: chain intact`);
  }
  assert.deepEqual(session.problems, []);
});
