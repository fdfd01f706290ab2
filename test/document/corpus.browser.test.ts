/**
 * The browser computes the same canonical text hash as Node (the CLI) for every corpus document.
 * `corpus-hashes.json` holds what `assent hash FILE` prints; corpus.node.test.ts checks the CLI
 * against the same file, so browser == fixture == Node.
 */
import { expect } from '@open-wc/testing';
import { parsePolicy, type DocumentFormat } from '../../src/document/index.js';

/** In-repo corpus, served from the project root; three unlicensed documents only from ../shared. */
const CORPUS_URL = '/test/fixtures/corpus/';
/** The dev server serves files above its root under this prefix (one level up: ../shared). */
const SHARED_CORPUS_URL = '/__wds-outside-root__/1/shared/corpus/';
const SHARED_ONLY = [
  'zh-jingdouyun-register-terms-privacy.txt',
  'zh-qinyiban-terms-and-privacy.txt',
  'zh-xiaohe-registration-agreement.txt',
];

function formatOf(file: string): DocumentFormat {
  return file.endsWith('.md') ? 'markdown' : file.endsWith('.html') ? 'html' : 'text';
}

async function fetchText(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url);
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}

type Fixture = Record<string, { sha256: string; canonicalLength: number }>;

describe('corpus hashes in the browser', () => {
  let fixture: Fixture;
  before(async () => {
    fixture = (await (await fetch(new URL('./corpus-hashes.json', import.meta.url))).json()) as Fixture;
    expect(Object.keys(fixture).length).to.equal(13);
  });

  function expectSameAsNode(file: string, source: string): void {
    const doc = parsePolicy(source, { format: formatOf(file), canon: 'assent-text/1' });
    expect(doc.sha256, file).to.equal(fixture[file]!.sha256);
    expect([...doc.canonicalText].length, file).to.equal(fixture[file]!.canonicalLength);
  }

  it('computes the same sha-256 and length as Node for every corpus file in the repository', async () => {
    const files = Object.keys(fixture).filter((file) => !SHARED_ONLY.includes(file));
    expect(files.length).to.equal(13 - SHARED_ONLY.length);
    for (const file of files) {
      const source = await fetchText(`${CORPUS_URL}${file}`);
      expect(source, file).to.be.a('string');
      expectSameAsNode(file, source!);
    }
  });

  it('computes the same sha-256 and length as Node for the corpus files only in ../shared', async function () {
    const missing: string[] = [];
    for (const file of SHARED_ONLY) {
      const source = await fetchText(`${SHARED_CORPUS_URL}${file}`);
      if (source === undefined) missing.push(file);
      else expectSameAsNode(file, source);
    }
    if (missing.length) {
      // Reported as skipped (the reason in the log), never as passed.
      console.warn(`SKIPPED: ../shared/corpus is not served, so ${missing.join(', ')} went unchecked`);
      this.skip();
    }
  });
});
