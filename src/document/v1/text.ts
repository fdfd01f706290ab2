/**
 * The plain-text parser as `assent-text/1` shipped it, frozen (with its numbering patterns) so that
 * hashes taken under `assent-text/1` stay reproducible: `parsePolicy(text, { canon: 'assent-text/1' })`.
 * Do not change the output of this file; improvements go to ../text.ts under a new canon version.
 */
import { CJK_ANYWHERE, collapseWhitespace, isCjkChar } from '../canonical.js';
import type { Block } from '../model.js';
import { BRACKET_HEADING, BULLET, matchNumbering, type Numbering } from './numbering.js';

/** A page number line: `2 / 2`, `- 3 -`, `第 2 页 共 5 页`, `Page 2 of 5`. */
const PAGE_FURNITURE =
  /^(?:[-–—]?\s*\d{1,4}\s*(?:\/|／|of)\s*\d{1,4}\s*[-–—]?|[-–—]\s*\d{1,4}\s*[-–—]|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?|(?:Page|PAGE)\s+\d{1,4}(?:\s+of\s+\d{1,4})?)$/;

/** A line that says the document ends here (`【以下无内容】`, `（以下无正文）`). */
const END_MARKER = /^[【[(（〔]?\s*(?:以下无正文|以下无内容|以下空白|正文完|全文完)\s*[】\])）〕]?$/;

/** A document title: a short line ending with what legal documents call themselves. */
const TITLE_WORD =
  /(?:协议|政策|条款|声明|须知|规则|指引|细则|守则|公约|承诺书|告知书|協議|政策|條款|聲明|Policy|Terms|Agreement|Notice|Statement|Conditions|Terms of (?:Service|Use))$/i;

/** Sentence punctuation that never sits inside a CJK heading. */
const CJK_SENTENCE_PUNCT = /[，。；：！？]/;
/** What a line ends with when its sentence is finished (closing quotes and brackets looked through). */
const TERMINAL = /[。！？；：.!?;:]$/;
const CLOSERS = /[”’」』）)\]】》〉"']/;

const MAX_CJK_HEADING = 40;
const MAX_LATIN_HEADING = 80;
const MAX_STRONG_CJK_HEADING = 20;
/** Lines shorter than this are not treated as hard-wrapped (a wrap happens near the page width). */
const MIN_WRAPPED_LINE = 20;

function trimLine(line: string): string {
  return line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

/** Length for layout heuristics (UTF-16 units: astral characters are rare enough not to matter here). */
function lengthOf(text: string): number {
  return text.length;
}

function hasCjk(text: string): boolean {
  return CJK_ANYWHERE.test(text);
}

function endsSentence(text: string): boolean {
  // Look through closing quotes and brackets at the end (`…。”`), scanning from the end only.
  let end = text.length;
  while (end > 0 && CLOSERS.test(text.charAt(end - 1))) end--;
  return TERMINAL.test(text.charAt(end - 1)) || TERMINAL.test(text.charAt(text.length - 1));
}

function lastChar(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xdc00 && last <= 0xdfff && text.length > 1 ? text.slice(-2) : text.slice(-1);
}

function firstChar(text: string): string {
  return text.codePointAt(0) === undefined ? '' : String.fromCodePoint(text.codePointAt(0)!);
}

type Strength = 'strong' | 'weak' | 'none';

/** How much a numbered line looks like a heading, judged from its own text only. */
function numberedStrength(numbering: Numbering): Strength {
  const rest = numbering.rest;
  if (rest === '') return 'strong';
  const cjk = hasCjk(rest);
  if (lengthOf(rest) > (cjk ? MAX_CJK_HEADING : MAX_LATIN_HEADING)) return 'none';
  if (endsSentence(rest) || /[，、,]$/.test(rest)) return 'none';
  if (/[，；;。]/.test(rest)) return cjk ? 'weak' : /[;。]/.test(rest) ? 'weak' : 'strong';
  // A long unpunctuated Chinese line is as likely a sentence cut by a line break as a heading.
  return cjk && lengthOf(rest) > MAX_STRONG_CJK_HEADING ? 'weak' : 'strong';
}

function isTitleLine(text: string): boolean {
  return (
    lengthOf(text) <= MAX_CJK_HEADING &&
    hasCjk(text) &&
    !CJK_SENTENCE_PUNCT.test(text) &&
    !/[;!?]/.test(text) &&
    !matchNumbering(text) &&
    TITLE_WORD.test(text)
  );
}

/** A short line that could be an unnumbered heading, if body text follows it. */
function isPlainHeadingShape(text: string): boolean {
  if (text.length > 60) return false;
  if (BULLET.test(text) || CJK_SENTENCE_PUNCT.test(text) || /[;!?]/.test(text) || /[.:,、]$/.test(text)) {
    return false;
  }
  if (hasCjk(text)) return lengthOf(text) <= 30;
  return lengthOf(text) <= 60 && text.split(/\s+/).length <= 10 && /^[\p{Lu}\p{N}]/u.test(text);
}

interface Unit {
  text: string;
  /** First unit after a blank line (or the start). */
  chunkStart: boolean;
  /** Last unit before a blank line (or the end). */
  chunkEnd: boolean;
  numbering: Numbering | null;
  strength: Strength;
  kind: 'paragraph' | 'heading';
  /** Document title (level 1, resets the numbering stack). */
  title: boolean;
  /** Heading family for level inference. */
  style: string;
}

/** Leaves out a scraped page's chrome: many short menu and form lines before the first title line. */
function dropPageChrome(lines: string[]): void {
  const titleAt = lines.findIndex((line) => line !== '' && isTitleLine(line));
  if (titleAt <= 0) return;
  const before = lines.slice(0, titleAt).filter((line) => line !== '');
  if (before.length < 8) return;
  const chrome = before.filter((line) => lengthOf(line) <= 30 && !/[。.!！]$/.test(line)).length;
  if (chrome / before.length < 0.8) return;
  for (let i = 0; i < titleAt; i++) lines[i] = '';
}

/** Leaves out what follows an end marker (`【以下无内容】`) when no heading comes after it. */
function dropAfterEndMarker(lines: string[]): void {
  const end = lines.findIndex((line) => END_MARKER.test(line));
  if (end < 0) return;
  for (let i = end + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const numbering = matchNumbering(line);
    if (isTitleLine(line) || (numbering && numberedStrength(numbering) === 'strong')) return;
  }
  for (let i = end + 1; i < lines.length; i++) lines[i] = '';
}

/** Does `line` start a new unit after `previous` (the unit so far, whose first line had `previousNumbering`)? */
function startsNewUnit(
  previous: string,
  previousNumbering: Numbering | null,
  line: string,
  lineNumbering: Numbering | null,
): boolean {
  if (lineNumbering || BULLET.test(line) || BRACKET_HEADING.test(line)) return true;
  if (isTitleLine(previous) || isTitleLine(line)) return true;
  if (previousNumbering && numberedStrength(previousNumbering) === 'strong') return true;
  const end = lastChar(previous);
  const start = firstChar(line);
  // A Chinese line ending a sentence ends its paragraph: such texts put one paragraph per line.
  if (/[。！？；：]/.test(end) || (isCjkChar(end) && endsSentence(previous))) return true;
  if (isCjkChar(end) || isCjkChar(start)) return lengthOf(previous) < MIN_WRAPPED_LINE;
  // Latin hard wrap: a short line that looks like a heading stands alone.
  return isPlainHeadingShape(previous) && lengthOf(previous) < 40 && !/^\p{Ll}/u.test(line);
}

function joinText(a: string, b: string): string {
  return isCjkChar(lastChar(a)) || isCjkChar(firstChar(b)) ? a + b : `${a} ${b}`;
}

function buildUnits(lines: string[]): Unit[] {
  const units: Unit[] = [];
  let current: string | null = null;
  let currentNumbering: Numbering | null = null;
  let chunkStart = true;
  const flush = (chunkEnd: boolean) => {
    if (current === null) return;
    units.push({
      text: current,
      chunkStart,
      chunkEnd,
      numbering: currentNumbering,
      strength: 'none',
      kind: 'paragraph',
      title: false,
      style: '',
    });
    current = null;
    chunkStart = false;
  };
  for (const line of lines) {
    if (line === '') {
      flush(true);
      chunkStart = true;
      continue;
    }
    const numbering = matchNumbering(line);
    if (current === null) {
      current = line;
      currentNumbering = numbering;
    } else if (startsNewUnit(current, currentNumbering, line, numbering)) {
      flush(false);
      current = line;
      currentNumbering = numbering;
    } else current = joinText(current, line);
  }
  flush(true);
  return units;
}

interface Run {
  key: string;
  members: Unit[];
  lastValue: number;
  open: boolean;
}

/** Decides which numbered units are headings: by their own shape, then by the majority of their siblings. */
function decideNumbered(units: Unit[]): void {
  const runs: Run[] = [];
  const open = new Map<string, Run>();
  for (const unit of units) {
    if (unit.title) {
      for (const run of open.values()) run.open = false;
      open.clear();
      continue;
    }
    const numbering = unit.numbering;
    if (!numbering) continue;
    const key = `${numbering.style}|${numbering.parent}`;
    let run = open.get(key);
    if (!run || !run.open || !(numbering.value > run.lastValue)) {
      run = { key, members: [], lastValue: -Infinity, open: true };
      runs.push(run);
      open.set(key, run);
    }
    run.members.push(unit);
    run.lastValue = numbering.value;
    if (unit.strength === 'strong') {
      // A heading of another family ends the sibling runs it is not nested in.
      for (const [otherKey, other] of open) {
        if (other === run) continue;
        const depth = Number(/^num-(\d+)$/.exec(numbering.style)?.[1] ?? NaN);
        const otherDepth = Number(/^num-(\d+)$/.exec(other.key.split('|')[0]!)?.[1] ?? NaN);
        if (depth > otherDepth) continue;
        other.open = false;
        open.delete(otherKey);
      }
    }
  }
  const numbered = units.filter((unit) => unit.numbering);
  const nextNumbered = new Map<Unit, Unit | undefined>(
    numbered.map((unit, index) => [unit, numbered[index + 1]]),
  );
  const isParent = (unit: Unit): boolean => {
    const number = unit.numbering?.number;
    return !!number && nextNumbered.get(unit)?.numbering?.parent === number;
  };
  for (const run of runs) {
    const strong = run.members.filter((unit) => unit.strength === 'strong').length;
    const weak = run.members.filter((unit) => unit.strength === 'weak').length;
    const none = run.members.length - strong - weak;
    for (const unit of run.members) {
      let heading: boolean;
      if (none > strong + weak) heading = unit.strength !== 'none' && isParent(unit);
      else if (strong > none) heading = unit.strength !== 'none';
      else heading = unit.strength === 'strong';
      unit.kind = heading ? 'heading' : 'paragraph';
      unit.style = unit.numbering!.style;
    }
  }
}

function isBody(unit: Unit | undefined): boolean {
  if (!unit || unit.kind === 'heading' || unit.title) return false;
  return lengthOf(unit.text) > 30 || endsSentence(unit.text) || !isPlainHeadingShape(unit.text);
}

/** Joins paragraphs a blank line or a page break cut inside a sentence. */
function joinBrokenParagraphs(units: Unit[]): Unit[] {
  const out: Unit[] = [];
  for (const unit of units) {
    const previous = out[out.length - 1];
    if (
      previous &&
      previous.kind === 'paragraph' &&
      unit.kind === 'paragraph' &&
      !previous.title &&
      !unit.title &&
      !unit.numbering &&
      !BULLET.test(unit.text) &&
      lengthOf(previous.text) >= MIN_WRAPPED_LINE &&
      !endsSentence(previous.text)
    ) {
      const end = lastChar(previous.text);
      const start = firstChar(unit.text);
      const cjkBreak =
        (isCjkChar(end) || /[，、]/.test(end)) && isCjkChar(start) && !/[，。；：！？、]/.test(start);
      const latinBreak = /[\p{Ll},]/u.test(end) && /\p{Ll}/u.test(start);
      if (cjkBreak || latinBreak) {
        previous.text = joinText(previous.text, unit.text);
        previous.chunkEnd = unit.chunkEnd;
        continue;
      }
    }
    out.push(unit);
  }
  return out;
}

function assignLevels(units: Unit[]): Map<Unit, number> {
  const levels = new Map<Unit, number>();
  let stack: string[] = [];
  let titled = false;
  for (const unit of units) {
    if (unit.kind !== 'heading') continue;
    if (unit.title) {
      levels.set(unit, 1);
      stack = [];
      titled = true;
      continue;
    }
    let index = stack.indexOf(unit.style);
    if (index >= 0) stack.length = index + 1;
    else {
      stack.push(unit.style);
      index = stack.length - 1;
    }
    levels.set(unit, index + 1 + (titled ? 1 : 0));
  }
  return levels;
}

/** Plain text (already through `normalizeSource`) to blocks without ids. */
export function parseTextBlocksV1(source: string): Block[] {
  const lines = source.split('\n').map(trimLine);
  for (let i = 0; i < lines.length; i++) if (PAGE_FURNITURE.test(lines[i]!)) lines[i] = '';
  dropPageChrome(lines);
  dropAfterEndMarker(lines);

  const units = buildUnits(lines);
  units.forEach((unit, index) => {
    if (unit.numbering) {
      unit.strength = numberedStrength(unit.numbering);
    } else if (isTitleLine(unit.text) || (index === 0 && isPlainHeadingShape(unit.text))) {
      unit.title = true;
      unit.kind = 'heading';
    }
  });
  decideNumbered(units);
  units.forEach((unit, index) => {
    if (unit.numbering || unit.title) return;
    if (BRACKET_HEADING.test(unit.text) && isBody(units[index + 1])) {
      unit.kind = 'heading';
      unit.style = 'bracket';
    } else if (
      isPlainHeadingShape(unit.text) &&
      unit.chunkStart &&
      unit.chunkEnd &&
      isBody(units[index + 1])
    ) {
      unit.kind = 'heading';
      unit.style = 'plain';
    }
  });

  const joined = joinBrokenParagraphs(units);
  const levels = assignLevels(joined);
  return joined.map((unit): Block => {
    if (unit.kind === 'heading') {
      const label = unit.numbering?.label.trim() ?? '';
      const rest = unit.numbering ? unit.numbering.rest : unit.text;
      return {
        kind: 'heading',
        id: '',
        level: levels.get(unit) ?? 1,
        label,
        content: rest ? [{ kind: 'text', text: collapseWhitespace(rest) }] : [],
      };
    }
    return { kind: 'paragraph', id: '', content: [{ kind: 'text', text: collapseWhitespace(unit.text) }] };
  });
}
