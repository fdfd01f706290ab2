/**
 * Scores the parser's outline of each corpus document against its hand-checked outline
 * (`<file>.outline.json`): shared by `npm run corpus:report` and test/document/corpus-outline.node.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePolicy } from '../../src/document/index.js';
import { CORPUS_DIR, corpusFiles, formatOf, readCorpus } from './corpus.js';

export interface OutlineHeading {
  level: number;
  label: string;
  text: string;
}

export interface DocumentScore {
  file: string;
  expected: number;
  found: number;
  /** Expected headings the parser found (same label and text, in order). */
  matched: number;
  /** …of which at the expected level. */
  levelsRight: number;
  precision: number;
  recall: number;
  misses: string[];
}

/** Goal of issue #14: share of expected headings found at the right level, over the whole corpus. */
export const GOAL = 0.98;

const key = (heading: OutlineHeading) =>
  `${heading.label.replace(/\s+/g, '')}|${heading.text.replace(/\s+/g, ' ').trim()}`.normalize('NFC');

const show = (heading: OutlineHeading) =>
  `L${heading.level} ${heading.label}${heading.label ? ' ' : ''}${heading.text}`;

export function expectedOutline(file: string): OutlineHeading[] | undefined {
  const path = resolve(CORPUS_DIR, `${file}.outline.json`);
  if (!existsSync(path)) return undefined;
  return (JSON.parse(readFileSync(path, 'utf8')) as { headings: OutlineHeading[] }).headings;
}

/** Longest common subsequence of the two heading lists by label and text: pairs of indexes. */
function align(expected: OutlineHeading[], found: OutlineHeading[]): [number, number][] {
  const a = expected.map(key);
  const b = found.map(key);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      table[i * cols + j] =
        a[i] === b[j]
          ? table[(i + 1) * cols + j + 1]! + 1
          : Math.max(table[(i + 1) * cols + j]!, table[i * cols + j + 1]!);
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (table[(i + 1) * cols + j]! >= table[i * cols + j + 1]!) i++;
    else j++;
  }
  return pairs;
}

export function scoreDocument(file: string, expected: OutlineHeading[]): DocumentScore {
  const doc = parsePolicy(readCorpus(file), { format: formatOf(file) });
  const found: OutlineHeading[] = doc.toc.map(({ level, label, text }) => ({ level, label, text }));
  const pairs = align(expected, found);
  const misses: string[] = [];
  const matchedExpected = new Set(pairs.map(([i]) => i));
  const matchedFound = new Set(pairs.map(([, j]) => j));
  let levelsRight = 0;
  for (const [i, j] of pairs) {
    if (expected[i]!.level === found[j]!.level) levelsRight++;
    else misses.push(`level ${found[j]!.level}, expected ${show(expected[i]!)}`);
  }
  expected.forEach((heading, i) => {
    if (!matchedExpected.has(i)) misses.push(`missing ${show(heading)}`);
  });
  found.forEach((heading, j) => {
    if (!matchedFound.has(j)) misses.push(`extra ${show(heading)}`);
  });
  return {
    file,
    expected: expected.length,
    found: found.length,
    matched: pairs.length,
    levelsRight,
    precision: found.length === 0 ? 1 : pairs.length / found.length,
    recall: expected.length === 0 ? 1 : pairs.length / expected.length,
    misses,
  };
}

export interface CorpusScore {
  documents: DocumentScore[];
  expected: number;
  found: number;
  matched: number;
  levelsRight: number;
  precision: number;
  recall: number;
  /** Share of expected headings found at the right level (the goal's measure). */
  score: number;
  /** Corpus documents without an outline file. */
  unchecked: string[];
}

export function scoreCorpus(): CorpusScore {
  const documents: DocumentScore[] = [];
  const unchecked: string[] = [];
  for (const file of corpusFiles()) {
    const expected = expectedOutline(file);
    if (expected) documents.push(scoreDocument(file, expected));
    else unchecked.push(file);
  }
  const sum = (pick: (score: DocumentScore) => number) =>
    documents.reduce((total, score) => total + pick(score), 0);
  const expected = sum((score) => score.expected);
  const found = sum((score) => score.found);
  const matched = sum((score) => score.matched);
  const levelsRight = sum((score) => score.levelsRight);
  return {
    documents,
    expected,
    found,
    matched,
    levelsRight,
    precision: found === 0 ? 1 : matched / found,
    recall: expected === 0 ? 1 : matched / expected,
    score: expected === 0 ? 0 : levelsRight / expected,
    unchecked,
  };
}
