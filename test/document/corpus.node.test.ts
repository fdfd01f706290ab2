/**
 * Every corpus document (test/fixtures/corpus, and ../shared/corpus for three) with expectations
 * written from reading it (see the corpus README for the traps): heading counts per level, first and last heading, key clauses, effective date.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { CANON_VERSION, parsePolicy, type Block, type PolicyDocument } from '../../src/document/index.js';
import { corpusPath, formatOf, installJsdom, readCorpus, SHARED_ONLY, SHARED_SKIP } from './corpus.js';

interface Expectation {
  file: string;
  title: string;
  /** Headings per level, level 1 first. */
  levels: number[];
  first: [label: string, text: string];
  last: [label: string, text: string];
  keyClauses: number;
  effectiveDate?: string;
}

const EXPECTATIONS: Expectation[] = [
  {
    file: 'en_activist_privacy_policy.txt',
    title: 'Privacy Policy',
    levels: [1, 7], // the title line, then seven unnumbered heading lines
    first: ['', 'Privacy Policy'],
    last: ['', 'Changes to This Policy'],
    keyClauses: 0,
    effectiveDate: '2023-08-28', // "Last updated August 28th, 2023"
  },
  {
    file: 'en_automattic_cookie_policy.md',
    title: 'What are cookies?',
    levels: [13, 8], // ### and #### (several wrapped in bold: not key clauses)
    first: ['', 'What are cookies?'],
    last: ['', 'Contact Us'],
    keyClauses: 0,
  },
  {
    file: 'en_basecamp_37signals_privacy_policy.md',
    title: 'Privacy policy', // front matter
    levels: [1, 9, 9],
    first: ['', 'Privacy policy'],
    last: ['', 'Changes and questions'],
    keyClauses: 17, // bold sentences opening paragraphs and list items
    effectiveDate: '2023-04-20',
  },
  {
    file: 'en_github_general_privacy_statement.md',
    title: 'GitHub General Privacy Statement',
    levels: [17, 16, 6],
    first: ['', 'GitHub Privacy Statement'],
    last: ['', 'Nevada'],
    keyClauses: 2,
    effectiveDate: '2024-02-01',
  },
  {
    file: 'en_github_terms_of_service.md',
    title: 'GitHub Terms of Service',
    levels: [20, 40], // `## A. Definitions` then `### 1.`
    first: ['', 'Summary'],
    last: ['6.', 'Questions'],
    keyClauses: 8, // 24 bold runs, 16 of them the "Short version:" lead-in label
    effectiveDate: '2020-11-16',
  },
  {
    file: 'zh-jingdouyun-register-terms-privacy.txt',
    title: '深圳市精斗云网络科技有限公司用户使用协议',
    levels: [2, 21, 2], // two documents: 11 `1.` sections, then 一、…十、 with two `1、` sub-headings
    first: ['', '深圳市精斗云网络科技有限公司用户使用协议'],
    last: ['十、', '其他'],
    keyClauses: 0, // says key clauses are bold and underlined, but the scrape lost the markup
  },
  {
    file: 'zh-qinyiban-terms-and-privacy.txt',
    title: '琴易办用户协议与个人信息保护政策',
    levels: [3, 23, 9, 2], // title + two tab labels; 13 + 10 `一、`; `3.1`…; `6.3.1`, `6.3.2`
    first: ['', '琴易办用户协议与个人信息保护政策'],
    last: ['十、', '与我们联系'],
    keyClauses: 0,
    effectiveDate: '2021-11-15',
  },
  {
    file: 'zh-xiaohe-registration-agreement.txt',
    title: '小禾企服网用户注册协议',
    levels: [1, 15], // `一、【定义】` … `十五、【其他规定】`; （一）/(一) clauses are sentences
    first: ['', '小禾企服网用户注册协议'],
    last: ['十五、', '【其他规定】'],
    keyClauses: 0,
  },
  {
    file: 'zh_mozilla_accounts_privacy_notice.html',
    title: 'Mozilla 帐户隐私声明',
    levels: [1, 9, 8],
    first: ['', 'Mozilla 帐户隐私声明'],
    last: ['', '法律依据'],
    keyClauses: 11, // 11 <strong>
    effectiveDate: '2026-02-10',
  },
  {
    file: 'zh_mozilla_firefox_privacy_notice.md',
    title: 'Firefox 隐私声明',
    levels: [1, 11, 20],
    first: ['', 'Firefox 隐私声明'],
    last: ['', '部分搜索提供商的隐私声明'],
    keyClauses: 21, // 21 <strong> inside the embedded HTML table
    effectiveDate: '2026-05-04', // from `{: datetime="2026-05-04" }`
  },
  {
    file: 'zh_mozilla_subscription_services_tos.md',
    title: 'Mozilla 订阅服务 | 服务条款',
    levels: [1, 6, 10, 1],
    first: ['', 'Mozilla 订阅服务 | 服务条款'],
    last: ['', 'Mozilla 联系方式'],
    keyClauses: 17, // every `__…__` written against CJK text is bold
    effectiveDate: '2026-03-24',
  },
  {
    file: 'zh_mozilla_websites_cookies_privacy_notice.md',
    title: '网站、通信和 Cookie 隐私声明',
    levels: [1, 1], // sections are `---` rules and `{: #id }` lines, not headings: none invented
    first: ['', '网站、通信和 Cookie 隐私声明'],
    last: ['', '须知'],
    keyClauses: 0, // 16 bold list labels followed by "：" are labels, not clauses
    effectiveDate: '2025-11-05',
  },
  {
    file: 'zh_qqversionlist_user_agreement.md',
    title: 'QQ 版本列表实用工具用户协议',
    levels: [1, 11], // 导言 + `## 一、` … `## 十、其它`
    first: ['', 'QQ 版本列表实用工具用户协议'],
    last: ['十、', '其它'],
    keyClauses: 0, // says key clauses are bold, but nothing is: none invented
    effectiveDate: '2024-10-29',
  },
];

/** Documents outside the repo skip where ../shared/corpus is absent. */
function skipFor(file: string): string | false {
  return SHARED_ONLY.includes(file) ? SHARED_SKIP : false;
}

function levelCounts(doc: PolicyDocument): number[] {
  const counts: number[] = [];
  for (const entry of doc.toc) counts[entry.level - 1] = (counts[entry.level - 1] ?? 0) + 1;
  return Array.from(counts, (count) => count ?? 0);
}

describe('corpus documents', () => {
  before(installJsdom);

  for (const expected of EXPECTATIONS) {
    test(expected.file, { skip: skipFor(expected.file) }, () => {
      const doc = parsePolicy(readCorpus(expected.file), { format: formatOf(expected.file), id: 'corpus' });
      assert.equal(doc.title, expected.title);
      assert.deepEqual(levelCounts(doc), expected.levels);
      const first = doc.toc[0]!;
      const last = doc.toc[doc.toc.length - 1]!;
      assert.deepEqual([first.label, first.text], expected.first);
      assert.deepEqual([last.label, last.text], expected.last);
      assert.equal(doc.keyClauses.length, expected.keyClauses);
      assert.equal(doc.effectiveDate, expected.effectiveDate);
      // Ids are unique, prefixed with the document id, and the same on a second parse.
      const ids = [...doc.toc.map((entry) => entry.id), ...doc.keyClauses.map((clause) => clause.id)];
      assert.equal(new Set(ids).size, ids.length);
      assert.ok(ids.every((id) => id.startsWith('corpus-')));
      const again = parsePolicy(readCorpus(expected.file), { format: formatOf(expected.file), id: 'corpus' });
      assert.deepEqual(again.toc, doc.toc);
      assert.equal(again.sha256, doc.sha256);
    });
  }

  test(
    'the scraped registration page keeps navigation and form text out of the document',
    { skip: SHARED_SKIP },
    () => {
      const doc = parsePolicy(readCorpus('zh-jingdouyun-register-terms-privacy.txt'), { format: 'text' });
      for (const chrome of [
        '按领域',
        '采购、销售、库存、资金全链路管理',
        '查看所有产品',
        '注册金蝶·云账号',
        '获取验证码',
        '60秒后重新获取',
        '我的邀请码',
        '已有账号？登录',
        '免费试用',
        '[image:',
      ]) {
        assert.ok(!doc.canonicalText.includes(chrome), `"${chrome}" must not be in the document`);
      }
      // The maintenance notice after 【以下无内容】 is page furniture too.
      assert.ok(!doc.canonicalText.includes('系统正进行升级维护'));
      assert.ok(doc.canonicalText.startsWith('深圳市精斗云网络科技有限公司用户使用协议\n1.特别提示\n1.1. '));
      assert.ok(doc.canonicalText.endsWith('【以下无内容】'));
      // Both documents are there, with their clauses as written.
      assert.ok(doc.toc.some((entry) => entry.level === 1 && entry.text === '隐私政策'));
      assert.ok(doc.canonicalText.includes('3.3.1. 您提供的个人资料不真实；'));
    },
  );

  test('PDF line breaks inside sentences are joined without inserting spaces', { skip: SHARED_SKIP }, () => {
    const doc = parsePolicy(readCorpus('zh-xiaohe-registration-agreement.txt'), { format: 'text' });
    assert.ok(
      doc.canonicalText.includes('（二）用户为完成账号的注册和管理、实名认证和使用本平台提供的用户服务'),
    );
    assert.ok(doc.canonicalText.includes('通知自发送之日视为已送达收件人。'));
    assert.ok(
      doc.canonicalText.includes('软件运行过程中客户端与服务器端的交互数据，以及本平台运行所必需的系统数据'),
    );
    // Both bracket styles of （一） clauses are kept exactly as written.
    assert.ok(doc.canonicalText.includes('\n(六) 用户服务：'));
    assert.ok(doc.canonicalText.includes('\n（一）用户/您：'));
  });

  test('Markdown: cookie names are not emphasis, attribute lines and front matter are not text', () => {
    const cookies = parsePolicy(readCorpus('en_automattic_cookie_policy.md'), { format: 'markdown' });
    for (const name of ['__ssid', '__stripe_sid / __stripe_mid', '__pdvt', '__hstc']) {
      assert.ok(cookies.canonicalText.includes(name), name);
    }
    const terms = parsePolicy(readCorpus('en_github_terms_of_service.md'), { format: 'markdown' });
    assert.ok(!terms.canonicalText.includes('redirect_from'));
    assert.ok(!terms.canonicalText.includes('markdownlint'));
    assert.equal(terms.metadata['title'], 'GitHub Terms of Service');
    const firefox = parsePolicy(readCorpus('zh_mozilla_firefox_privacy_notice.md'), { format: 'markdown' });
    assert.ok(!firefox.canonicalText.includes('{:'));
    assert.ok(!firefox.canonicalText.includes('datetime'));
  });

  test('GitHub terms: bold inside the summary table is a key clause of the table; lead-in labels are not', () => {
    const doc = parsePolicy(readCorpus('en_github_terms_of_service.md'), { format: 'markdown', id: 'tos' });
    const table = doc.blocks.find((block) => block.kind === 'table');
    assert.ok(table);
    const inTable = doc.keyClauses.filter((clause) => clause.blockId === table.id);
    assert.deepEqual(
      inTable.map((clause) => clause.text.slice(0, 34)),
      ['Please read this section carefully', 'Please read this section carefully'],
    );
    assert.ok(!doc.keyClauses.some((clause) => clause.text.startsWith('Short version')));
  });

  test('in-document links point at ids of this document', () => {
    const doc = parsePolicy(readCorpus('en_basecamp_37signals_privacy_policy.md'), {
      format: 'markdown',
      id: 'basecamp',
    });
    const hrefs: string[] = [];
    const visit = (block: Block) => {
      if (block.kind === 'list') block.items.forEach((item) => item.forEach(visit));
      if (block.kind !== 'paragraph') return;
      for (const inline of block.content) if (inline.kind === 'link') hrefs.push(inline.href);
    };
    doc.blocks.forEach(visit);
    const local = hrefs.filter((href) => href.startsWith('#'));
    assert.equal(local.length, 10);
    const ids = new Set(doc.toc.map((entry) => `#${entry.id}`));
    assert.ok(
      local.every((href) => ids.has(href)),
      local.join(' '),
    );
  });
});

describe('assent CLI on the corpus', () => {
  const root = resolve(import.meta.dirname, '../..');
  const bin = resolve(root, 'bin/assent.js');
  const fixture = JSON.parse(
    readFileSync(resolve(import.meta.dirname, 'corpus-hashes.json'), 'utf8'),
  ) as Record<string, { sha256: string; canonicalLength: number }>;
  // The CLI as shipped (scripts/build-cli.mjs): a bundle of its own here would overwrite dist/cli and
  // change what the packed-install tests see.
  before(() => {
    execFileSync('node', ['scripts/build-cli.mjs'], { cwd: root });
  });

  for (const expected of EXPECTATIONS) {
    test(`assent hash / outline ${expected.file}`, { skip: skipFor(expected.file) }, () => {
      const file = corpusPath(expected.file);
      // Hashes taken under assent-text/1 stay reproducible with `--canon assent-text/1` (the browser
      // computes the same: test/document/corpus.browser.test.ts checks the same fixture).
      const v1 = execFileSync(process.execPath, [bin, 'hash', file, '--canon', 'assent-text/1'], {
        encoding: 'utf8',
      });
      assert.equal(v1.trim(), fixture[expected.file]?.sha256);
      const v1Outline = JSON.parse(
        execFileSync(process.execPath, [bin, 'outline', file, '--canon=assent-text/1'], { encoding: 'utf8' }),
      );
      assert.equal(v1Outline.canon, 'assent-text/1');
      assert.equal(v1Outline.canonicalLength, fixture[expected.file]?.canonicalLength);
      // Without --canon: the current version.
      const hash = execFileSync(process.execPath, [bin, 'hash', file], { encoding: 'utf8' });
      assert.match(hash, /^[0-9a-f]{64}\n$/);
      const outline = JSON.parse(
        execFileSync(process.execPath, [bin, 'outline', file], { encoding: 'utf8' }),
      );
      assert.deepEqual(Object.keys(outline), [
        'title',
        'format',
        'canon',
        'sha256',
        'canonicalLength',
        'headings',
        'keyClauses',
      ]);
      assert.equal(outline.sha256, hash.trim());
      assert.equal(outline.canon, CANON_VERSION);
      assert.equal(outline.format, formatOf(expected.file));
      assert.equal(
        outline.headings.length,
        expected.levels.reduce((a, b) => a + b, 0),
      );
      assert.deepEqual(Object.keys(outline.headings[0]), ['level', 'label', 'text', 'id']);
      assert.equal(outline.keyClauses.length, expected.keyClauses);
      // The in-process parser agrees with the CLI.
      installJsdom();
      assert.equal(
        parsePolicy(readCorpus(expected.file), { format: formatOf(expected.file) }).sha256,
        hash.trim(),
      );
    });
  }
});
