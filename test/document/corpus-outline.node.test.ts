/**
 * The corpus goal of issue #14: over every document of test/fixtures/corpus, at least 98 % of the
 * hand-checked headings are found with the right level (`npm run corpus:report` prints the detail).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { GOAL, scoreCorpus } from './corpus-outline.js';
import { corpusFiles, installJsdom } from './corpus.js';

before(installJsdom);

test('the corpus holds at least 40 documents, each with a hand-checked outline', () => {
  const corpus = scoreCorpus();
  assert.ok(corpusFiles().length >= 40, `${corpusFiles().length} documents`);
  assert.deepEqual(corpus.unchecked, []);
});

test(`headings found at the right level over the corpus: at least ${GOAL * 100} %`, () => {
  const corpus = scoreCorpus();
  const misses = corpus.documents.flatMap((doc) => doc.misses.map((miss) => `${doc.file}: ${miss}`));
  assert.ok(
    corpus.score >= GOAL,
    `${corpus.levelsRight} of ${corpus.expected} (${(corpus.score * 100).toFixed(1)} %):\n${misses.join('\n')}`,
  );
  // Found headings are real ones: precision keeps the parser from inventing sections to score.
  assert.ok(corpus.precision >= GOAL, `precision ${(corpus.precision * 100).toFixed(1)} %`);
});
