import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicy, PolicyDocumentError, type PolicyDocument } from '../../src/document/index.js';

function outline(doc: PolicyDocument): string[] {
  return doc.toc.map((entry) => `${entry.level}|${entry.label}|${entry.text}`);
}

test('Chinese numbering styles nest by order of appearance, labels kept as written', () => {
  const doc = parsePolicy(
    [
      '示例用户协议',
      '',
      '一、总则',
      '本协议由您与本公司订立，请您仔细阅读。',
      '（一）适用范围',
      '本协议适用于本公司提供的全部服务。',
      '1.1 定义',
      '在本协议中，下列术语具有如下含义。',
      '1.1.1 用户',
      '用户是指使用本服务的自然人。',
      '(二) 协议的变更',
      '我们可能更新本协议。',
      '二、【隐私保护】',
      '我们重视您的隐私。',
      '第三条 责任限制',
      '在法律允许的范围内，我们不承担间接损失。',
    ].join('\n'),
    { format: 'text', id: 'terms' },
  );
  assert.deepEqual(outline(doc), [
    '1||示例用户协议',
    '2|一、|总则',
    '3|（一）|适用范围',
    '4|1.1|定义',
    '5|1.1.1|用户',
    '3|(二)|协议的变更',
    '2|二、|【隐私保护】',
    '3|第三条|责任限制',
  ]);
  assert.deepEqual(
    doc.toc.map((entry) => entry.id),
    ['terms-h-1', 'terms-h-2', 'terms-h-3', 'terms-h-4', 'terms-h-5', 'terms-h-6', 'terms-h-7', 'terms-h-8'],
  );
});

test('English numbering: Article, Section, lettered and numbered headings', () => {
  const doc = parsePolicy(
    [
      'Terms of Service',
      '',
      'Article 1 Definitions',
      '',
      'In these terms the following words have the meanings below.',
      '',
      'Section 2 Your account',
      '',
      'You are responsible for your account and everything done with it.',
      '',
      'A. Payment',
      '',
      'Fees are billed in advance every month and are not refundable.',
    ].join('\n'),
    { format: 'text' },
  );
  assert.deepEqual(outline(doc), [
    '1||Terms of Service',
    '2|Article 1|Definitions',
    '3|Section 2|Your account',
    '4|A.|Payment',
  ]);
});

test('numbered clauses that are sentences stay paragraphs; a lone short sibling does not become a heading', () => {
  const doc = parsePolicy(
    [
      '一、用户行为',
      '1. 违反宪法确定的基本原则的；',
      '2. 危害国家安全，泄露国家秘密的；',
      '3. 煽动非法集会、结社、游行、示威、聚众扰乱社会秩序',
      '4. 散布谣言，扰乱社会秩序的；',
    ].join('\n'),
    { format: 'text' },
  );
  assert.deepEqual(outline(doc), ['1|一、|用户行为']);
  assert.equal(doc.blocks.filter((block) => block.kind === 'paragraph').length, 4);
});

test('lines a PDF broke inside a sentence are joined without a space between CJK characters', () => {
  const doc = parsePolicy(
    [
      '一、定义',
      '',
      '（一）用户为完成账号的注册和管理、实名认证和使用本',
      '',
      '平台提供的服务，应当提供真实信息。',
      '',
      '（二）本平台有权在必要时修改本协议条款，协议条款一旦发生变动，将会在重要页面上提示修改',
      '2 / 3',
      '内容。',
    ].join('\n'),
    { format: 'text' },
  );
  assert.equal(
    doc.canonicalText,
    [
      '一、定义',
      '（一）用户为完成账号的注册和管理、实名认证和使用本平台提供的服务，应当提供真实信息。',
      '（二）本平台有权在必要时修改本协议条款，协议条款一旦发生变动，将会在重要页面上提示修改内容。',
    ].join('\n'),
  );
});

test('hard-wrapped English paragraphs join with a space; blank lines keep paragraphs apart', () => {
  const doc = parsePolicy('Intro line one of the text\nwraps onto a second line.\n\nSecond paragraph here.', {
    format: 'text',
  });
  assert.equal(
    doc.canonicalText,
    'Intro line one of the text wraps onto a second line.\nSecond paragraph here.',
  );
  assert.equal(doc.blocks.length, 2);
});

test('a numbered heading keeps the lines joined to it (found by the no-text-lost property)', () => {
  // The numbering is matched on the unit's first line; "Terms" joins that unit and must stay in the
  // heading's text (it was dropped: the heading took its text from the first line's match alone).
  const doc = parsePolicy('（二），”\nTerms\n(三) ', { format: 'text' });
  assert.match(doc.canonicalText, /Terms/);
  const heading = doc.blocks.find((block) => block.kind === 'heading' && block.label === '（二）');
  assert.ok(heading && heading.kind === 'heading');
  assert.deepEqual(
    heading.content.map((inline) => (inline.kind === 'text' ? inline.text : '')),
    ['，” Terms'],
  );
});

test('page furniture is left out of the text and the structure', () => {
  const withFurniture = parsePolicy(
    '隐私政策\n\n我们重视您的隐私。\n\n- 2 -\n\n第 2 页 共 5 页\n\nPage 3 of 5\n\n您可以联系我们。',
    {
      format: 'text',
    },
  );
  const without = parsePolicy('隐私政策\n\n我们重视您的隐私。\n\n您可以联系我们。', { format: 'text' });
  assert.equal(withFurniture.canonicalText, without.canonicalText);
  assert.equal(withFurniture.sha256, without.sha256);
});

test('canonical text: NFC, CRLF, BOM and control characters do not change the hash', () => {
  const plain = parsePolicy('Cafe\u0301 policy\n\nWe keep your data safe.', { format: 'text' });
  const variant = parsePolicy('\uFEFFCaf\u00e9 policy\r\n\r\nWe keep \u0007your data safe.\r\n', {
    format: 'text',
  });
  assert.equal(plain.canonicalText, variant.canonicalText);
  assert.equal(plain.sha256, variant.sha256);
  assert.match(plain.sha256, /^[0-9a-f]{64}$/);
  assert.equal(plain.canon, 'assent-text/2');
});

test('metadata: options win; effective date read from the text; version defaults to it', () => {
  const doc = parsePolicy('用户协议\n\n版本生效日期：2021年11月15日\n\n欢迎使用本服务。', {
    format: 'text',
    id: 'terms',
  });
  assert.equal(doc.effectiveDate, '2021-11-15');
  assert.equal(doc.version, '2021-11-15');
  assert.equal(doc.title, '用户协议');
  assert.equal(doc.locale, 'zh');
  const given = parsePolicy('用户协议\n\n欢迎使用本服务。', {
    format: 'text',
    version: 'v3',
    title: 'T',
    locale: 'zh-CN',
  });
  assert.equal(given.version, 'v3');
  assert.equal(given.title, 'T');
  assert.equal(given.locale, 'zh-CN');
});

test('host-given key clause phrases and patterns mark clauses in plain text', () => {
  const doc = parsePolicy('一、责任\n\n本公司不承担任何间接损失。您同意放弃集体诉讼权利。', {
    format: 'text',
    id: 'terms',
    keyClauseMarkers: ['不承担任何间接损失', /放弃[^。]*权利/],
  });
  assert.deepEqual(
    doc.keyClauses.map((clause) => [clause.id, clause.text, clause.blockId]),
    [
      ['terms-k-1', '不承担任何间接损失', 'terms-b-1'],
      ['terms-k-2', '放弃集体诉讼权利', 'terms-b-1'],
    ],
  );
  // Marking key clauses never changes the text that is hashed.
  assert.equal(
    doc.sha256,
    parsePolicy('一、责任\n\n本公司不承担任何间接损失。您同意放弃集体诉讼权利。', { format: 'text' }).sha256,
  );
});

test('errors: empty, whitespace only, binary, too large, wrong type', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      assert.ok(error instanceof PolicyDocumentError);
      return error.code;
    }
    return 'no error';
  };
  assert.equal(
    code(() => parsePolicy('')),
    'empty',
  );
  assert.equal(
    code(() => parsePolicy(' \n\t\u3000\n')),
    'empty',
  );
  assert.equal(
    code(() => parsePolicy('PK\u0003\u0004\u0000\u0000binary')),
    'binary',
  );
  assert.equal(
    code(() => parsePolicy('\ufffd\ufffd\ufffd\u0001\u0002abc')),
    'binary',
  );
  assert.equal(
    code(() => parsePolicy('a'.repeat(101), { maxChars: 100 })),
    'too-large',
  );
  assert.equal(
    code(() => parsePolicy(42 as unknown as string)),
    'invalid-format',
  );
});

test('options given as empty strings (empty attributes) count as absent; dates are ISO', () => {
  const doc = parsePolicy('用户协议\n\n欢迎使用本服务。', {
    format: 'text',
    id: '',
    version: ' ',
    title: '',
    locale: '',
    effectiveDate: '2024/3/5',
  });
  assert.equal(doc.id, '用户协议');
  assert.equal(doc.title, '用户协议');
  assert.equal(doc.effectiveDate, '2024-03-05');
  assert.equal(doc.version, '2024-03-05');
  assert.equal(doc.locale, 'zh');
  assert.equal(doc.toc[0]!.id, '用户协议-h-1');
});
