/**
 * The test corpus: real, openly licensed policies kept in the repo (test/fixtures/corpus, licences in
 * its README), each with a hand-checked outline (`<file>.outline.json`). Three scraped documents
 * without a known licence stay outside the repo (`../shared/corpus`): the tests that read them skip
 * where that folder is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSDOM } from 'jsdom';
import { useDocumentWindow, type DocumentFormat } from '../../src/document/index.js';

export const CORPUS_DIR = resolve(import.meta.dirname, '../fixtures/corpus');
export const SHARED_CORPUS_DIR = resolve(import.meta.dirname, '../../../shared/corpus');
/** Documents only in ../shared/corpus (no licence to copy them into the repo). */
export const SHARED_ONLY = [
  'zh-jingdouyun-register-terms-privacy.txt',
  'zh-qinyiban-terms-and-privacy.txt',
  'zh-xiaohe-registration-agreement.txt',
];
export const SHARED_SKIP = existsSync(resolve(SHARED_CORPUS_DIR, 'README.md'))
  ? false
  : `../shared/corpus is absent (${SHARED_CORPUS_DIR}): tests of its unlicensed documents skipped`;

/** Corpus documents in the repo (every text, Markdown and HTML file but the README). */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((name) => /\.(txt|md|html)$/.test(name) && name !== 'README.md')
    .sort();
}

/** Reads a corpus document: from the repo, or from ../shared/corpus for the shared-only ones. */
export function readCorpus(name: string): string {
  const dir = SHARED_ONLY.includes(name) ? SHARED_CORPUS_DIR : CORPUS_DIR;
  return readFileSync(resolve(dir, name), 'utf8');
}

export function corpusPath(name: string): string {
  return resolve(SHARED_ONLY.includes(name) ? SHARED_CORPUS_DIR : CORPUS_DIR, name);
}

export function formatOf(file: string): DocumentFormat {
  return file.endsWith('.md') ? 'markdown' : file.endsWith('.html') ? 'html' : 'text';
}

/** Node has no DOM: HTML and Markdown parse through jsdom, as the CLI does. */
export function installJsdom(): void {
  useDocumentWindow(new JSDOM('').window as unknown as Window);
}
