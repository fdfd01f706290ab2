/** Where the shared corpus lives for tests (`../shared/corpus` from the project root), if present. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSDOM } from 'jsdom';
import { useDocumentWindow } from '../../src/document/index.js';

export const CORPUS_DIR = resolve(import.meta.dirname, '../../../shared/corpus');
export const HAS_CORPUS = existsSync(resolve(CORPUS_DIR, 'README.md'));
export const CORPUS_SKIP = HAS_CORPUS
  ? false
  : `../shared/corpus is absent (${CORPUS_DIR}): corpus tests skipped`;

export function readCorpus(name: string): string {
  return readFileSync(resolve(CORPUS_DIR, name), 'utf8');
}

/** Node has no DOM: HTML and Markdown parse through jsdom, as the CLI does. */
export function installJsdom(): void {
  useDocumentWindow(new JSDOM('').window as unknown as Window);
}
