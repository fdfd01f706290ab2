/** Markdown and HTML into the block model: structure, key clauses, sanitising, canonical text. */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { parsePolicy, PolicyDocumentError, type Block, type Inline } from '../../src/document/index.js';
import { installJsdom } from './corpus.js';

before(installJsdom);

function strongTexts(inlines: Inline[], out: string[] = []): string[] {
  for (const inline of inlines) {
    if (inline.kind === 'strong')
      out.push(inline.children.map((child) => (child.kind === 'text' ? child.text : '')).join(''));
    if ('children' in inline) strongTexts(inline.children, out);
  }
  return out;
}

function paragraphs(blocks: Block[]): Inline[][] {
  const out: Inline[][] = [];
  const visit = (block: Block) => {
    if (block.kind === 'paragraph') out.push(block.content);
    else if (block.kind === 'list') block.items.forEach((item) => item.forEach(visit));
    else if (block.kind === 'quote') block.blocks.forEach(visit);
  };
  blocks.forEach(visit);
  return out;
}

test('CJK `__…__` rule: bold when written against Chinese text, literal between Latin letters', () => {
  const cases: [string, string[]][] = [
    ['__Mozilla VPN__是一项服务。', ['Mozilla VPN']],
    ['__付款。__我们所提供的服务', ['付款。']],
    ['您同意__保密义务__条款。', ['保密义务']],
    ['**保密义务。**您同意保密。', ['保密义务。']],
    ['cookie __ssid and __stripe_sid are names', []],
    ['snake__case__word stays literal', []],
    ['__plain English bold__ works as CommonMark says', ['plain English bold']],
  ];
  for (const [source, expected] of cases) {
    const doc = parsePolicy(source, { format: 'markdown' });
    assert.deepEqual(
      paragraphs(doc.blocks).flatMap((content) => strongTexts(content)),
      expected,
      source,
    );
  }
  // The bold markers are markup: the text is the same either way.
  assert.equal(parsePolicy('__付款。__我们', { format: 'markdown' }).canonicalText, '付款。我们');
  assert.equal(parsePolicy('cookie __ssid', { format: 'markdown' }).canonicalText, 'cookie __ssid');
});

test('Markdown: ATX and setext headings, labels, front matter metadata, GFM tables', () => {
  const doc = parsePolicy(
    [
      '---',
      'title: 服务条款',
      'version: "2.1"',
      'effective_date: 2025-01-02',
      '---',
      'Terms',
      '=====',
      '',
      '## 一、总则',
      '',
      'Article 3',
      '---------',
      '',
      '| 名称 | 用途 |',
      '| --- | --- |',
      '| `__ssid` | **支付** |',
    ].join('\n'),
    { format: 'markdown', id: 'terms' },
  );
  assert.equal(doc.title, '服务条款');
  assert.equal(doc.version, '2.1');
  assert.equal(doc.effectiveDate, '2025-01-02');
  assert.deepEqual(
    doc.toc.map((entry) => [entry.level, entry.label, entry.text, entry.id]),
    [
      [1, '', 'Terms', 'terms-h-1'],
      [2, '一、', '总则', 'terms-h-2'],
      // Numbering decides levels, not the marks: a style first seen after 一、 nests under it.
      [3, 'Article 3', '', 'terms-h-3'],
    ],
  );
  assert.equal(doc.canonicalText, 'Terms\n一、总则\nArticle 3\n名称\t用途\n__ssid\t支付');
  assert.deepEqual(
    doc.keyClauses.map((clause) => [clause.text, clause.blockId]),
    [['支付', 'terms-b-1']],
  );
  assert.ok(!doc.canonicalText.includes('title:'));
});

test('HTML: headings, lists, tables, emphasis kinds, data-key-clause, host markers', () => {
  const doc = parsePolicy(
    `<article lang="zh">
      <h2 id="intro">1. 引言</h2>
      <p>我们<b>重视</b>您的隐私，<u>请仔细阅读</u>。<em>强调</em><mark>标记</mark><del>删除</del></p>
      <p data-key-clause>整段都是关键条款。</p>
      <p>本条<span data-key-clause>部分</span>关键，<strong>条款：</strong>不是标签</p>
      <ol start="3"><li>第一项<ul><li>子项</li></ul></li><li><strong>定义：</strong>术语解释</li></ol>
      <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td><strong>2</strong></td></tr></table>
      <p>见 <a href="#intro">引言</a>。</p>
    </article>`,
    { format: 'html', id: 'p', keyClauseMarkers: ['术语解释'] },
  );
  assert.deepEqual(doc.toc, [{ id: 'p-h-1', level: 1, label: '1.', text: '引言' }]);
  assert.deepEqual(
    doc.keyClauses.map((clause) => clause.text),
    ['重视', '请仔细阅读', '整段都是关键条款。', '部分', '条款：', '术语解释', '2'],
  );
  const list = doc.blocks.find((block) => block.kind === 'list');
  assert.ok(list?.kind === 'list' && list.ordered && list.start === 3 && list.items.length === 2);
  const link = paragraphs(doc.blocks)
    .flat()
    .find((inline) => inline.kind === 'link');
  assert.deepEqual(link, { kind: 'link', href: '#p-h-1', children: [{ kind: 'text', text: '引言' }] });
  assert.equal(
    doc.canonicalText,
    [
      '1.引言', // assent-text/2: no space between `1.` and Chinese text (docs/documents.md)
      '我们重视您的隐私，请仔细阅读。强调标记删除',
      '整段都是关键条款。',
      '本条部分关键，条款：不是标签',
      '第一项',
      '子项',
      '定义：术语解释',
      'A\tB',
      '1\t2',
      '见 引言。',
    ].join('\n'),
  );
});

test('HTML sanitising: scripts, handlers, forms, navigation, styles, iframes and unsafe URLs are gone', () => {
  const doc = parsePolicy(
    `<nav><a href="/">首页</a><a href="/login">登录</a></nav>
     <form><label>手机号</label><input value="x"><button>获取验证码</button></form>
     <style>p{color:red}</style><script>alert(1)</script><noscript>noscript text</noscript>
     <iframe src="https://evil.example"></iframe><template><p>template text</p></template>
     <h1 onclick="alert(1)">隐私政策</h1>
     <p hidden>隐藏文字</p><p aria-hidden="true">也隐藏</p>
     <p><a href="javascript:alert(1)">js</a> <a href="  JaVaScRiPt:alert(1)">js2</a>
        <a href="data:text/html,<script>alert(1)</script>">data</a> <a href="vbscript:x">vb</a>
        <a href="https://example.com/a">ok</a> <a href="mailto:a@b.c">mail</a> <a href="relative/path">rel</a>
        <img src=x onerror=alert(1) alt="图片说明"></p>`,
    { format: 'html' },
  );
  assert.equal(doc.canonicalText, '隐私政策\njs js2 data vb ok mail rel');
  const hrefs = paragraphs(doc.blocks)
    .flat()
    .filter((inline) => inline.kind === 'link')
    .map((inline) => (inline.kind === 'link' ? inline.href : ''));
  assert.deepEqual(hrefs, ['https://example.com/a', 'mailto:a@b.c']);
});

test('whitespace: HTML layout rules, CJK line wraps vanish, markup-only changes keep the hash', () => {
  const a = parsePolicy('<p>我们\n  重视<b>您的</b>\n隐私。  Latin\n words</p>', { format: 'html' });
  assert.equal(a.canonicalText, '我们重视您的隐私。 Latin words');
  const b = parsePolicy(
    '<div><p class="x" style="color:red">我们重视<span>您的</span>隐私。 Latin words</p></div>',
    {
      format: 'html',
    },
  );
  assert.equal(b.sha256, a.sha256);
  const markdown = parsePolicy('我们\n重视**您的**隐私。 Latin\nwords', { format: 'markdown' });
  assert.equal(markdown.sha256, a.sha256);
  const text = parsePolicy('我们重视您的隐私。 Latin words', { format: 'text' });
  assert.equal(text.sha256, a.sha256);
});

test('same content, same canonical text across formats', () => {
  const text = parsePolicy('用户协议\n\n一、总则\n\n欢迎使用本服务。', { format: 'text' });
  const markdown = parsePolicy('# 用户协议\n\n## 一、总则\n\n欢迎使用本服务。', { format: 'markdown' });
  const html = parsePolicy('<h1>用户协议</h1><h2>一、 总则</h2><p>欢迎使用本服务。</p>', { format: 'html' });
  assert.equal(markdown.canonicalText, text.canonicalText);
  assert.equal(html.canonicalText, text.canonicalText);
  assert.deepEqual(
    [text.toc, markdown.toc, html.toc].map((toc) =>
      toc.map((entry) => `${entry.level}${entry.label}${entry.text}`),
    ),
    [
      ['1用户协议', '2一、总则'],
      ['1用户协议', '2一、总则'],
      ['1用户协议', '2一、总则'],
    ],
  );
});

test('a document without a DOM is a typed error, not a crash', async () => {
  const { useDocumentWindow, PolicyDocumentError } = await import('../../src/document/index.js');
  useDocumentWindow(undefined);
  try {
    assert.throws(
      () => parsePolicy('<p>x</p>', { format: 'html' }),
      (error: unknown) => error instanceof PolicyDocumentError && error.code === 'no-dom',
    );
    assert.equal(parsePolicy('plain text works without a DOM', { format: 'text' }).canonicalText.length, 30);
  } finally {
    installJsdom();
  }
});

test('nested and heading key-clause marks: every clause has an id, headings have none', () => {
  const doc = parsePolicy(
    '<h2 data-key-clause>标题</h2><p data-key-clause>外层<b>加粗</b><span data-key-clause>内层</span></p>',
    { format: 'html', id: 'n' },
  );
  assert.deepEqual(
    doc.keyClauses.map((clause) => [clause.id, clause.text]),
    [['n-k-1', '外层加粗内层']],
  );
  const json = JSON.stringify(doc.blocks);
  assert.ok(!json.includes('"clauseId":""'));
});

test('a frameset-only HTML document (no body) is empty, not a crash', () => {
  assert.throws(
    () => parsePolicy('<FRAMESET><FRAME SRC="javascript:alert(1);"></FRAMESET>', { format: 'html' }),
    (error: unknown) => error instanceof PolicyDocumentError && error.code === 'empty',
  );
});

test('pathologically deep markup: text kept without structure, or a typed error, never a stack overflow', () => {
  for (const tag of ['b', 'div', 'blockquote']) {
    const doc = parsePolicy(`${`<${tag}>`.repeat(3000)}deep text${`</${tag}>`.repeat(3000)}`, {
      format: 'html',
    });
    assert.equal(doc.canonicalText, 'deep text');
  }
  for (const source of [`${'<b>'.repeat(30000)}x`, `${'> '.repeat(5000)}quote`]) {
    try {
      parsePolicy(source, { format: source.startsWith('<') ? 'html' : 'markdown' });
    } catch (error) {
      assert.ok(error instanceof PolicyDocumentError, String(error));
    }
  }
});
