/** Property tests (fast-check): parsing never throws, never loses text, never yields executable constructs. */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { parsePolicy, PolicyDocumentError, type DocumentFormat } from '../../src/document/index.js';
import { installJsdom } from './corpus.js';
import { unsafeParts } from './model-safety.js';
import { ALL_PAYLOADS, HTML_PAYLOADS, MARKDOWN_PAYLOADS } from './xss-payloads.js';

before(installJsdom);

const FORMATS: DocumentFormat[] = ['text', 'markdown', 'html'];
const RUNS = Number(process.env.FC_RUNS ?? 150);

/** Parses, accepting only a PolicyDocumentError as failure. */
function parseOrTypedError(source: string, format: DocumentFormat) {
  try {
    return parsePolicy(source, { format, id: 'p' });
  } catch (error) {
    if (error instanceof PolicyDocumentError) return null;
    throw error;
  }
}

/** Letters, digits and CJK ideographs in order: the text a reader sees, without markup and spacing. */
function words(text: string): string {
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).join('');
}

const legalLine = fc
  .oneof(
    fc.constantFrom(
      '一、',
      '（二）',
      '(三) ',
      '1. ',
      '1.1 ',
      '2.3.4 ',
      '（1）',
      '(a) ',
      '【定义】',
      '第五条 ',
      'Article 2 ',
      'Section 3 ',
      'A. ',
      '• ',
      '',
      '',
      '',
    ),
  )
  .chain((label) =>
    fc
      .array(
        fc.oneof(
          fc.constantFrom(
            '用户',
            '协议',
            '隐私',
            '本平台',
            '您同意',
            '数据',
            'privacy',
            'Terms',
            'the user',
            'agrees',
          ),
          fc.constantFrom('，', '。', '；', '：', '、', ', ', '. ', ' ', '“', '”', '（', '）'),
        ),
        { maxLength: 30 },
      )
      .map((parts) => label + parts.join('')),
  );
const PAGE_NUMBER_LINE = /^\s*(?:\d+\s*\/\s*\d+|-\s*\d+\s*-|第\s*\d+\s*页\s*共\s*\d+\s*页)\s*$/;
const legalText = fc
  .array(fc.oneof(legalLine, fc.constant(''), fc.constantFrom('2 / 3', '- 4 -', '第 2 页 共 9 页')), {
    maxLength: 40,
  })
  // A text line that recurs (digits aside) beside page numbers is a running header, which is page
  // furniture too (docs/documents.md): the generated text lines are kept distinct so that "lost"
  // below means lost.
  .map((lines) =>
    lines
      .filter(
        (line, index) =>
          line === '' ||
          PAGE_NUMBER_LINE.test(line) ||
          lines.findIndex((other) => other.replace(/\d/g, '') === line.replace(/\d/g, '')) === index,
      )
      .join('\n'),
  );

test('any input: parsing returns a document or throws a PolicyDocumentError, never anything else', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        legalText,
      ),
      fc.constantFrom(...FORMATS),
      (source, format) => {
        const doc = parseOrTypedError(source, format);
        if (doc) {
          assert.match(doc.sha256, /^[0-9a-f]{64}$/);
          assert.equal(doc.canonicalText, doc.canonicalText.normalize('NFC'));
        }
      },
    ),
    { numRuns: RUNS * 2 },
  );
});

test('plain text: no letter, digit or ideograph is lost except documented page furniture lines', () => {
  fc.assert(
    fc.property(legalText, (source) => {
      const doc = parseOrTypedError(source, 'text');
      const kept = source
        .split('\n')
        .filter((line) => !PAGE_NUMBER_LINE.test(line))
        .join('\n');
      if (!doc) return assert.equal(words(kept), '');
      // As multisets: a line that continues a table cell above it joins that cell (a documented
      // reflow that changes the order, not what is there).
      const sorted = (text: string) => [...words(text)].sort().join('');
      assert.equal(sorted(doc.canonicalText), sorted(kept));
    }),
    { numRuns: RUNS },
  );
});

const markdownChunk = fc.oneof(
  fc.constantFrom('用户', '协议', 'policy', 'Terms', 'ＡＢＣ', 'é', '数据'),
  fc.constantFrom(
    '**',
    '__',
    '*',
    '_',
    '# ',
    '## ',
    '> ',
    '- ',
    '+ ',
    '|',
    ' | ',
    '---',
    '===',
    '\n',
    '\n\n',
    ' ',
    '，',
    '。',
  ),
);

test('Markdown: markup goes, every letter and ideograph stays (front matter aside)', () => {
  fc.assert(
    fc.property(fc.array(markdownChunk, { maxLength: 60 }), (chunks) => {
      const source = chunks.join('');
      const doc = parseOrTypedError(source, 'markdown');
      const body = source.replace(/^---[ \t]*\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)/, '');
      if (!doc) return assert.equal(words(body), '');
      assert.equal(words(doc.canonicalText), words(body));
    }),
    { numRuns: RUNS },
  );
});

const htmlNode: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('用户', '协议', 'policy', ' ', '\n', '。', 'ＡＢＣ', 'data'),
    fc
      .tuple(
        fc.constantFrom(
          'p',
          'div',
          'span',
          'strong',
          'b',
          'em',
          'u',
          'mark',
          'h2',
          'h3',
          'li',
          'section',
          'blockquote',
          'td',
          'code',
          'a href="https://x.example"',
          'p data-key-clause',
        ),
        fc.array(tie('node'), { maxLength: 4 }),
      )
      .map(([tag, children]) => `<${tag}>${children.join('')}</${tag.split(' ')[0]}>`),
  ),
})).node;

test('HTML: tags go, every letter and ideograph of visible content stays', () => {
  fc.assert(
    fc.property(fc.array(htmlNode, { maxLength: 6 }), (nodes) => {
      const source = nodes.join('');
      const doc = parseOrTypedError(source, 'html');
      const visible = source.replace(/<[^>]*>/g, '');
      if (!doc) return assert.equal(words(visible), '');
      assert.equal(words(doc.canonicalText), words(visible));
    }),
    { numRuns: RUNS },
  );
});

test(`at least 200 known XSS payloads (${ALL_PAYLOADS.length}) never yield an executable construct`, () => {
  assert.ok(HTML_PAYLOADS.length + MARKDOWN_PAYLOADS.length >= 200);
  for (const payload of ALL_PAYLOADS) {
    for (const source of [
      payload,
      `<h1>政策</h1><p>前文</p>${payload}<p>后文</p>`,
      `# 政策\n\n前文 ${payload} 后文\n\n${payload}\n`,
    ]) {
      for (const format of ['html', 'markdown'] as const) {
        const doc = parseOrTypedError(source, format);
        if (!doc) continue;
        assert.deepEqual(unsafeParts(doc), [], `${format}: ${payload}`);
        // Script bodies never turn into document text.
        if (format === 'html') assert.ok(!/alert\(1\)<\/script>/i.test(doc.canonicalText), payload);
      }
    }
  }
});

test('XSS payloads inside random documents (fast-check)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...ALL_PAYLOADS),
      fc.string({ maxLength: 40 }),
      fc.string({ maxLength: 40 }),
      fc.constantFrom('html', 'markdown') as fc.Arbitrary<DocumentFormat>,
      (payload, before, after, format) => {
        const doc = parseOrTypedError(`${before}${payload}${after}`, format);
        if (doc) assert.deepEqual(unsafeParts(doc), []);
      },
    ),
    { numRuns: RUNS * 2 },
  );
});
