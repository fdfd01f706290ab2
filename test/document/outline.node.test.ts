/**
 * Issue #14: the outline as the author meant it. Numbering decides levels whatever `#` marks carry
 * it; bold lines standing alone are headings; text from PDFs loses its page furniture, keeps its
 * tables and takes headings from numbering and 【】 titles; the Chinese legal hierarchy nests in full;
 * and a heading's text is one string for display, contents, fingerprints and hash.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { headingKey, fingerprintSections } from '../../src/consent/agreements.js';
import {
  headingText,
  inlineText,
  parsePolicy,
  type Block,
  type PolicyDocument,
} from '../../src/document/index.js';
import { installJsdom } from './corpus.js';

before(installJsdom);

function outline(doc: PolicyDocument): string[] {
  return doc.toc.map((entry) => `${entry.level}|${entry.label}|${entry.text}`);
}

const md = (lines: string[]) => parsePolicy(lines.join('\n'), { format: 'markdown' });
const text = (lines: string[]) => parsePolicy(lines.join('\n'), { format: 'text' });

describe('Markdown and HTML: levels follow the numbering', () => {
  test('a CMS copy mixing `#### 一、` with `# 三、` and `### (一)` with `# (二)`', () => {
    const doc = md([
      '# 用户协议',
      '#### 一、【定义】',
      '正文。',
      '### (一) 用户',
      '正文。',
      '# (二) 平台',
      '正文。',
      '## 二、【账号】',
      '正文。',
      '# 三、【其他】',
      '正文。',
    ]);
    assert.deepEqual(outline(doc), [
      '1||用户协议',
      '2|一、|【定义】',
      '3|(一)|用户',
      '3|(二)|平台',
      '2|二、|【账号】',
      '2|三、|【其他】',
    ]);
  });

  test('the same marks in HTML', () => {
    const doc = parsePolicy(
      '<h1>Terms</h1><h4>1. Scope</h4><p>x</p><h2>(a) Users</h2><p>x</p><h1>(b) Sites</h1><p>x</p><h3>2. Fees</h3><p>x</p>',
      { format: 'html' },
    );
    assert.deepEqual(outline(doc), ['1||Terms', '2|1.|Scope', '3|(a)|Users', '3|(b)|Sites', '2|2.|Fees']);
  });

  test('unnumbered headings keep their markup nesting; skipped marks do not leave gaps', () => {
    const doc = md(['# Title', '### Section', 'x', '#### Sub', 'x', '## Other', 'x']);
    assert.deepEqual(outline(doc), ['1||Title', '2||Section', '3||Sub', '2||Other']);
  });

  test('a sequence restarting at 1 under deeper marks is a level of its own', () => {
    const doc = md(['## 1. Terms', 'x', '### 1. Scope', 'x', '### 2. Use', 'x', '## 2. Fees', 'x']);
    assert.deepEqual(outline(doc), ['1|1.|Terms', '2|1.|Scope', '2|2.|Use', '1|2.|Fees']);
  });

  test('headings written as bold paragraphs', () => {
    assert.deepEqual(
      outline(
        md([
          '# 服务协议',
          '',
          '**第1条 服务内容**',
          '',
          '本平台提供信息服务。',
          '',
          '**第2条 费用**',
          '',
          '免费。',
        ]),
      ),
      ['1||服务协议', '2|第1条|服务内容', '2|第2条|费用'],
    );
    assert.deepEqual(
      outline(md(['**1. Definitions**', '', 'Words mean things.', '', '**2. Use**', '', 'Use it.'])),
      ['1|1.|Definitions', '1|2.|Use'],
    );
    assert.deepEqual(outline(md(['**一、总则**', '', '正文。', '', '**二、账号**', '', '正文。'])), [
      '1|一、|总则',
      '1|二、|账号',
    ]);
    const alone = md([
      '# Terms',
      '',
      '## Payment',
      '',
      'Text.',
      '',
      '**Recipient service agreement**',
      '',
      'Applies elsewhere.',
    ]);
    assert.deepEqual(outline(alone), ['1||Terms', '2||Payment', '3||Recipient service agreement']);
    assert.equal(alone.keyClauses.length, 0);
  });

  test('a bold sentence stays a paragraph and a key clause', () => {
    const doc = md([
      '# Terms',
      '',
      '**You agree to indemnify Mozilla for any claim.**',
      '',
      '**第一条 本协议由您与我们订立，请仔细阅读。**',
    ]);
    assert.deepEqual(outline(doc), ['1||Terms']);
    assert.equal(doc.keyClauses.length, 2);
  });

  test('kramdown attributes after a heading are an anchor, not text', () => {
    const doc = md(['# 条款', '', '## 所有权 {: #ownership }', '', '见[所有权](#ownership)。']);
    assert.deepEqual(outline(doc), ['1||条款', '2||所有权']);
    assert.ok(!doc.canonicalText.includes('{:'));
    const paragraph = doc.blocks.find((block) => block.kind === 'paragraph');
    const link =
      paragraph?.kind === 'paragraph' ? paragraph.content.find((i) => i.kind === 'link') : undefined;
    assert.equal(link?.kind === 'link' ? link.href : '', `#${doc.toc[1]!.id}`);
  });
});

describe('Chinese legal hierarchy', () => {
  test('第一编 / 第一章 / 第一节 / 第一条 nest in full, 第一款 below', () => {
    const doc = text([
      '中华人民共和国示例法',
      '',
      '第一编 总则',
      '第一章 基本规定',
      '第一节 一般规定',
      '第一条 立法目的',
      '为了规范示例行为，制定本法。',
      '第一款 适用',
      '本款适用于全部示例。',
      '第二条 适用范围',
      '本法适用于境内的示例活动。',
      '第二章 附则',
      '第三条 施行日期',
      '本法自公布之日起施行。',
      '第二编 分则',
      '第一章 合同',
    ]);
    assert.deepEqual(outline(doc), [
      '1||中华人民共和国示例法',
      '2|第一编|总则',
      '3|第一章|基本规定',
      '4|第一节|一般规定',
      '5|第一条|立法目的',
      '6|第一款|适用',
      '5|第二条|适用范围',
      '3|第二章|附则',
      '4|第三条|施行日期',
      '2|第二编|分则',
      '3|第一章|合同',
    ]);
  });

  test('mixture 一、 → （一） → 1. → （1） → ①', () => {
    const doc = text([
      '用户协议',
      '',
      '一、总则',
      '本协议适用于全部服务。',
      '（一）适用范围',
      '本条说明适用范围。',
      '1. 定义',
      '下列术语具有如下含义。',
      '（1）用户',
      '用户是指自然人。',
      '① 个人用户',
      '个人用户是指个人。',
      '② 企业用户',
      '企业用户是指企业。',
      '（2）平台',
      '平台是指本网站。',
      '（二）变更',
      '我们可能变更本协议。',
      '二、账号',
      '您需要注册账号。',
    ]);
    assert.deepEqual(outline(doc), [
      '1||用户协议',
      '2|一、|总则',
      '3|（一）|适用范围',
      '4|1.|定义',
      '5|（1）|用户',
      '6|①|个人用户',
      '6|②|企业用户',
      '5|（2）|平台',
      '3|（二）|变更',
      '2|二、|账号',
    ]);
  });

  test('articles written as sentences are not headings; chapters are', () => {
    const doc = text([
      '示例条例',
      '',
      '第一章 总则',
      '',
      '第一条 为了规范网络运营，保障网络安全，制定本条例。',
      '',
      '第二条 本条例适用于境内的网络运营者。',
    ]);
    assert.deepEqual(outline(doc), ['1||示例条例', '2|第一章|总则']);
  });
});

describe('text extracted from PDFs', () => {
  const vendor = [
    '云服务说明',
    '发布日期：2024年3月1日',
    '',
    '【服务范围】',
    '产品            适用客户',
    '云主机          企业客户',
    '对象存储        所有客户',
    '',
    '【服务时间】',
    '本服务全年提供，包括法定节假日和周末在内的所有日期均',
    '照常服务，服务内容以',
    '合同为准。',
    '',
    '2 / 2',
    '第 2 页 共 5 页',
  ];

  test('tables whose columns line up are tables, their cells never headings', () => {
    const doc = text(vendor);
    assert.deepEqual(outline(doc), ['1||云服务说明', '2||【服务范围】', '2||【服务时间】']);
    const table = doc.blocks.find((block) => block.kind === 'table');
    assert.ok(table?.kind === 'table');
    assert.deepEqual(
      table.rows.map((row) => row.map((cell) => inlineText(cell))),
      [
        ['产品', '适用客户'],
        ['云主机', '企业客户'],
        ['对象存储', '所有客户'],
      ],
    );
  });

  test('page numbers are furniture, the release date is metadata, broken CJK lines are joined', () => {
    const doc = text(vendor);
    assert.ok(!doc.canonicalText.includes('2 / 2'));
    assert.ok(!doc.canonicalText.includes('第 2 页'));
    assert.equal(doc.metadata['released'], '发布日期：2024年3月1日');
    assert.equal(doc.effectiveDate, '2024-03-01');
    assert.ok(!doc.toc.some((entry) => entry.text.includes('2024')));
    // Wrapped at the page width, or after a comma however short the line: one sentence.
    assert.ok(
      doc.canonicalText.includes(
        '本服务全年提供，包括法定节假日和周末在内的所有日期均照常服务，服务内容以合同为准。',
      ),
    );
  });

  test('running headers and footers a printer repeats on every page are left out', () => {
    const page = (n: number) => [
      '11/28/26, 5:07 PM',
      '',
      '示例服务协议',
      '',
      `第${'一二三'[n - 1]}条 第${n}页的条款`,
      '这是正文的内容，用于说明本条款的具体规定。',
      '',
      'file:///tmp/terms.html',
      `${n}/3`,
    ];
    const doc = text([...page(1), ...page(2), ...page(3)]);
    assert.ok(!doc.canonicalText.includes('5:07'));
    assert.ok(!doc.canonicalText.includes('file://'));
    assert.ok(!doc.canonicalText.includes('示例服务协议'));
    assert.deepEqual(
      doc.toc.map((entry) => entry.label),
      ['第一条', '第二条', '第三条'],
    );
  });

  test('cells wrapped over several lines join their row; a blank line and a heading end the table', () => {
    const doc = text([
      'Subprocessors',
      '',
      'Name of           Description             Location',
      'Amazon Web        Cloud Hosted            United States',
      'Services Inc      Infrastructure',
      'Fastly            Content delivery        United States',
      '',
      '',
      'Subsidiaries',
      'GitHub operates through the subsidiaries listed in this section of the notice.',
    ]);
    const table = doc.blocks.find((block) => block.kind === 'table');
    assert.ok(table?.kind === 'table');
    assert.deepEqual(
      table.rows.map((row) => row.map((cell) => inlineText(cell))),
      [
        ['Name of', 'Description', 'Location'],
        ['Amazon Web Services Inc', 'Cloud Hosted Infrastructure', 'United States'],
        ['Fastly', 'Content delivery', 'United States'],
      ],
    );
    assert.deepEqual(outline(doc), ['1||Subprocessors', '2||Subsidiaries']);
  });

  test('numbered clauses set apart from their label by spaces are clauses, not a two-column table', () => {
    const doc = text([
      '3.3. 如发生下列任何一种情形，我们有权中止或终止服务：',
      '    3.3.1.  您提供的个人资料不真实；',
      '    3.3.2.  您违反本协议中规定的使用规则；',
      '    3.3.3.  您未按约定支付费用。',
    ]);
    assert.ok(!doc.blocks.some((block) => block.kind === 'table'));
    assert.ok(doc.canonicalText.includes('\n3.3.1. 您提供的个人资料不真实；\n3.3.2. 您违反'));
  });

  test('justified lines with wide gaps are not tables', () => {
    const doc = text([
      'Mozilla          坚信，隐私是保障互联网健康运转的基础。',
      '因此，我们打造 Firefox 及各种产品，进一步严格控制在线共享信息。',
    ]);
    assert.ok(!doc.blocks.some((block) => block.kind === 'table'));
  });
});

describe('one rule for a heading’s text', () => {
  const cases: [string, string][] = [
    ['(1)总则', '(1)总则'],
    ['（一）总则', '（一）总则'],
    ['一、总则', '一、总则'],
    ['第三条 总则', '第三条 总则'],
    ['第三条总则', '第三条 总则'],
    ['1.1 定义', '1.1定义'],
    ['1. Definitions', '1. Definitions'],
    ['(a) Scope', '(a) Scope'],
    ['Article 3 Terms', 'Article 3 Terms'],
  ];
  for (const [written, expected] of cases) {
    test(`「${written}」: display, contents, fingerprint and canonical text agree`, () => {
      const doc = md(['# Policy', '', `## ${written}`, '', 'Body.']);
      const heading = doc.blocks.find(
        (block): block is Extract<Block, { kind: 'heading' }> =>
          block.kind === 'heading' && block.level === 2,
      );
      assert.ok(heading);
      const canonical = headingText(heading.label, heading.content);
      assert.equal(canonical, expected);
      assert.ok(doc.canonicalText.split('\n').includes(expected));
      assert.equal(headingKey(heading.label, heading.content), expected);
      const entry = doc.toc[1]!;
      assert.equal(headingText(entry.label, [{ kind: 'text', text: entry.text }]), expected);
      assert.ok(fingerprintSections(doc).some((section) => section.heading === expected));
    });
  }

  test('assent-text/1 still hashes as it did (label space by the old rule)', () => {
    const source = '# (1)总则\n\n正文。\n\n# 第三条 总则\n\n正文。';
    const v1 = parsePolicy(source, { format: 'markdown', canon: 'assent-text/1' });
    assert.equal(v1.canon, 'assent-text/1');
    assert.equal(v1.canonicalText, '(1) 总则\n正文。\n第三条总则\n正文。');
    const v2 = parsePolicy(source, { format: 'markdown' });
    assert.equal(v2.canon, 'assent-text/2');
    assert.equal(v2.canonicalText, '(1)总则\n正文。\n第三条 总则\n正文。');
    assert.notEqual(v1.sha256, v2.sha256);
  });

  test('an unknown canon version is refused', () => {
    assert.throws(
      () => parsePolicy('text', { canon: 'assent-text/9' as never }),
      /Unknown canonical-text version/,
    );
  });
});
