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
  it('computes the same sha-256 and length as Node for every corpus file', async () => {
    const fixture = (await (await fetch(new URL('./corpus-hashes.json', import.meta.url))).json()) as Fixture;
    const files = Object.keys(fixture);
    expect(files.length).to.equal(13);
    let checked = 0;
    for (const file of files) {
      const shared = SHARED_ONLY.includes(file);
      const source = await fetchText(`${shared ? SHARED_CORPUS_URL : CORPUS_URL}${file}`);
      if (source === undefined && shared) {
        console.warn(`${file} is only in ../shared/corpus, which is not served: skipped`);
        continue;
      }
      expect(source, file).to.be.a('string');
      const doc = parsePolicy(source!, { format: formatOf(file), canon: 'assent-text/1' });
      expect(doc.sha256, file).to.equal(fixture[file]!.sha256);
      expect([...doc.canonicalText].length, file).to.equal(fixture[file]!.canonicalLength);
      checked++;
    }
    expect(checked).to.be.at.least(files.length - SHARED_ONLY.length);
  });
});
