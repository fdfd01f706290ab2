/**
 * Hostile input for what the outline rules parse (issue #14): huge and pathological numbering, deep
 * style chains, bold-line floods, table-shaped and furniture-shaped floods, `__proto__` in front
 * matter. Each finishes (the rules are linear: see `npm run bench:parse` for the times), keeps every
 * line of text and stays within bounds; no timing is asserted here.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { parsePolicy } from '../../src/document/index.js';
import { installJsdom } from './corpus.js';

before(installJsdom);

const maxLevel = (levels: number[]) => levels.reduce((a, b) => Math.max(a, b), 0);

test('a hundred thousand numbered lines: one level, nothing lost', () => {
  const lines = Array.from({ length: 100_000 }, (_, i) => `${(i % 999) + 1}. 条款`);
  const doc = parsePolicy(lines.join('\n'), { format: 'text' });
  assert.ok(maxLevel(doc.toc.map((entry) => entry.level)) <= 2);
  assert.equal(doc.canonicalText.split('\n').length, 100_000);
});

test('every numbering style chained again and again: levels bounded by the styles', () => {
  const chain = [
    '一、总则',
    '（一）范围',
    '1. 定义',
    '（1）用户',
    '① 个人',
    '1.1 细目',
    '1.1.1 条目',
    '(a) item',
    'A. Part',
    '第一编 总则',
    '第一章 基本',
    '第一节 一般',
    '第一条 目的',
    '第一款 适用',
  ];
  const lines: string[] = [];
  for (let i = 0; i < 1_000; i++) lines.push(...chain, '正文内容。');
  const doc = parsePolicy(lines.join('\n'), { format: 'text' });
  assert.ok(maxLevel(doc.toc.map((entry) => entry.level)) <= chain.length + 1);
  const markdown = parsePolicy(lines.map((line, i) => `${'#'.repeat((i % 6) + 1)} ${line}`).join('\n\n'), {
    format: 'markdown',
  });
  assert.ok(maxLevel(markdown.toc.map((entry) => entry.level)) <= chain.length * 7 + 7);
});

test('restarts at 1 under ever deeper marks cannot nest without bound', () => {
  const lines: string[] = [];
  for (let i = 0; i < 5_000; i++) lines.push(`${'#'.repeat((i % 6) + 1)} 1. Again`, '', 'Body.', '');
  const doc = parsePolicy(lines.join('\n'), { format: 'markdown' });
  assert.ok(maxLevel(doc.toc.map((entry) => entry.level)) <= 7);
});

test('twenty thousand bold lines and bold sentences', () => {
  const lines: string[] = [];
  for (let i = 0; i < 10_000; i++)
    lines.push(`**${i + 1}. Title**`, '', `**A sentence, in bold, number ${i}.**`, '');
  const doc = parsePolicy(lines.join('\n'), { format: 'markdown' });
  assert.equal(doc.toc.length, 10_000);
  assert.equal(doc.keyClauses.length, 10_000);
});

test('table-shaped floods: many columns, wrapped cells without end, ragged rows', () => {
  const wide = Array.from({ length: 500 }, () => Array.from({ length: 300 }, (_, i) => `c${i}`).join('  '));
  const wideDoc = parsePolicy(wide.join('\n'), { format: 'text' });
  assert.ok(!wideDoc.blocks.some((block) => block.kind === 'table'));
  const wrapped = ['名称        说明', ...Array.from({ length: 50_000 }, () => '            续行文字')];
  const wrappedDoc = parsePolicy(wrapped.join('\n'), { format: 'text' });
  assert.ok(wrappedDoc.canonicalText.includes('续行文字'));
  const ragged = Array.from({ length: 50_000 }, (_, i) => `${' '.repeat(i % 7)}a${' '.repeat((i % 5) + 2)}b`);
  const raggedDoc = parsePolicy(ragged.join('\n'), { format: 'text' });
  const cells = raggedDoc.canonicalText.split(/[\t\n ]+/).filter(Boolean);
  assert.equal(cells.length, 100_000);
});

test('page furniture floods: every line a header, footer or page count', () => {
  const lines: string[] = [];
  for (let i = 1; i <= 9_000; i++)
    lines.push('11/28/26, 5:07 PM', '标题', `第${i}条 内容`, 'file:///tmp/x.html', `${i}/9000`);
  const doc = parsePolicy(lines.join('\n'), { format: 'text' });
  assert.ok(!doc.canonicalText.includes('file://'));
  assert.equal(doc.toc.filter((entry) => entry.label.startsWith('第')).length, 9_000);
});

test('`__proto__`, `constructor` and `prototype` in front matter are plain keys', () => {
  const doc = parsePolicy(
    '---\n__proto__: polluted\nconstructor: x\nprototype: y\ntitle: T\n---\n\n# T\n\n**1. One**\n\ntext',
    { format: 'markdown' },
  );
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.equal(Object.getPrototypeOf(doc.metadata), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(doc.metadata, '__proto__')?.value, 'polluted');
  assert.equal(doc.metadata['constructor'], 'x');
  assert.equal(doc.title, 'T');
});
