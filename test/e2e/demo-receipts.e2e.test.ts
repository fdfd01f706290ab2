/**
 * /receipts.html lists what the receiver stored (type, decision, time, documents with hashes, signature
 * and chain status), and its withdraw button signs and sends a withdrawal that continues the same chain.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assentHash, openDemo, readAllAndAccept, waitForReceipts, type DemoSession } from './demo-harness.js';

let session: DemoSession;
before(async () => {
  session = await openDemo({ warm: ['/service-list.html', '/receipts.html'] });
});
after(async () => {
  await session?.close();
});

test('an acceptance is listed and withdrawn with a signed receipt', async () => {
  const { page } = session;
  await page.goto(session.url('/service-list.html'), { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: '查看并同意服务清单' }).click();
  const dialog = page.getByRole('dialog', { name: '请阅读并同意以下协议' });
  await readAllAndAccept(page, dialog, ['云帆协作第三方服务清单']);
  const [accepted] = await waitForReceipts(session, (all) => all.some((r) => r.decision === 'accepted'));

  await page.goto(session.url('/receipts.html'), { waitUntil: 'networkidle' });
  const table = page.getByRole('table');
  for (const header of ['类型', '决定', '时间', '文档与哈希', '签名', '链']) {
    assert.equal(await table.getByRole('columnheader', { name: header, exact: true }).count(), 1, header);
  }
  const row = table.getByRole('row').filter({ hasText: '云帆协作第三方服务清单' });
  await row.first().waitFor();
  const text = await row.first().innerText();
  assert.match(text, /协议/);
  assert.match(text, /同意/);
  assert.match(text, /已验证/);
  assert.match(text, /本页验证通过/, 'the page verified the stored JWS itself');
  assert.match(text, /链完整/);
  assert.ok(text.includes(await assentHash('policies/service-list/service-list-v1.zh-CN.md')));
  // The transparency log: the receiver's signed tree head and this receipt's inclusion, verified in the page.
  assert.match(
    text,
    /已在日志中（本页验证）/,
    'the page verified the inclusion proof against the signed head',
  );
  const head = page.locator('#log-head-fields');
  assert.equal(await head.locator('[data-field="t-head-status"]').innerText(), '树头签名本页验证通过');
  const treeSize = Number(await head.locator('[data-field="t-head-size"]').innerText());
  assert.ok(treeSize >= 1, `tree size ${treeSize}`);
  assert.match(await head.locator('[data-field="t-head-root"]').innerText(), /^[0-9a-f]{64}$/);

  await row.first().getByRole('button', { name: /^撤回/ }).click();
  await page.getByRole('status').filter({ hasText: '已发送签名的撤回回执' }).waitFor();

  const receipts = await waitForReceipts(session, (all) => all.some((r) => r.decision === 'withdrawn'));
  const withdrawal = receipts.find((r) => r.decision === 'withdrawn')!;
  assert.equal(withdrawal.extensions?.withdraws, accepted.id);
  assert.deepEqual(
    withdrawal.documents.map((d) => [d.id, d.version, d.sha256]),
    accepted.documents.map((d) => [d.id, d.version, d.sha256]),
  );
  assert.equal(withdrawal.verified, true);
  assert.equal(withdrawal.chainIntact, true, 'the withdrawal continues the chain of the same browser key');
  assert.equal(withdrawal.kid, accepted.kid);

  // The list shows the withdrawal, and the acceptance no longer offers a withdraw button.
  await page.getByRole('button', { name: '刷新' }).click();
  await table.getByRole('row').filter({ hasText: '撤回' }).first().waitFor();
  await page.waitForTimeout(300);
  assert.equal(await table.getByRole('button', { name: /^撤回/ }).count(), 0);
  assert.deepEqual(session.problems, []);
});
