/**
 * The browser computes the same canonical text hash as Node (the CLI) for every corpus document.
 * `corpus-hashes.json` holds what `assent hash FILE` prints; corpus.node.test.ts checks the CLI
 * against the same file, so browser == fixture == Node.
 */
import { expect } from '@open-wc/testing';
import { parsePolicy, type DocumentFormat } from '../../src/document/index.js';

/** The dev server serves files above its root under this prefix (one level up: ../shared). */
const CORPUS_URL = '/__wds-outside-root__/1/shared/corpus/';

function formatOf(file: string): DocumentFormat {
  return file.endsWith('.md') ? 'markdown' : file.endsWith('.html') ? 'html' : 'text';
}

async function corpusAvailable(): Promise<boolean> {
  try {
    const response = await fetch(`${CORPUS_URL}README.md`);
    return response.ok;
  } catch {
    return false;
  }
}

type Fixture = Record<string, { sha256: string; canonicalLength: number }>;

describe('corpus hashes in the browser', () => {
  it('computes the same sha-256 and length as Node for every corpus file', async function () {
    if (!(await corpusAvailable())) {
      console.warn('../shared/corpus is not served: corpus browser test skipped');
      this.skip();
    }
    const fixture = (await (await fetch(new URL('./corpus-hashes.json', import.meta.url))).json()) as Fixture;
    const files = Object.keys(fixture);
    expect(files.length).to.equal(13);
    for (const file of files) {
      const source = await (await fetch(`${CORPUS_URL}${file}`)).text();
      const doc = parsePolicy(source, { format: formatOf(file) });
      expect(doc.sha256, file).to.equal(fixture[file]!.sha256);
      expect([...doc.canonicalText].length, file).to.equal(fixture[file]!.canonicalLength);
    }
  });
});
