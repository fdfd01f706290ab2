/**
 * Plain text (typed, scraped from a web page, or extracted from a PDF) to blocks. Headings are found
 * from numbering (`一、` `（一）` `1.1` `第一章` `Article 3` …), 【】 titles and short title lines; levels
 * follow the order in which numbering families first appear. Lines a PDF broke inside a sentence are
 * joined; rows whose columns line up become tables; page furniture (page numbers, running headers
 * and footers) and a scraped page's navigation are left out; release-date lines are metadata too.
 */
import { CJK_ANYWHERE, collapseWhitespace, isCjkChar } from './canonical.js';
import { findEffectiveDate } from './dates.js';
import type { Block, Inline } from './model.js';
import { BRACKET_HEADING, BULLET, matchNumbering, type Numbering } from './numbering.js';
import { eachStep, ITEMS_PER_STEP, runSteps, type Steps } from './steps.js';

/** A page number line: `2 / 2`, `- 3 -`, `第 2 页 共 5 页`, `Page 2 of 5`. */
const PAGE_FURNITURE =
  /^(?:[-–—]?\s*\d{1,4}\s*(?:\/|／|of)\s*\d{1,4}\s*[-–—]?|[-–—]\s*\d{1,4}\s*[-–—]|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?|(?:Page|PAGE)\s+\d{1,4}(?:\s+of\s+\d{1,4})?)$/;

/** A page footer with something before the page number: `file:///…/terms.html      2/13`. */
const TRAILING_PAGE_NUMBER =
  /\S\s{2,}(?:\d{1,4}\s*(?:\/|／|of)\s*\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?)$/;

/** A line that only states when the text was released, updated or takes effect. */
const DATE_LINE =
  /^(?:(?:(?:版本)?(?:发布|更新|生效|修订|版本)(?:日期|时间)|(?:Last\s+)?(?:Updated|Modified|Revised|Effective|Released?|Published)(?:\s+(?:on|date))?)\s*[:：]?\s*)?(?:\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?|[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})\s*(?:起?(?:生效|施行|实施|发布|更新))?$|^(?:[\d.]+\s*版\s*[，,]\s*)?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*起?(?:生效|施行|实施|发布|更新)$|^(?:Version\s+[\w.]+,\s*)?(?:Effective|Updated|Last\s+updated)\s*:?\s*[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}$/i;

/** A line that says the document ends here (`【以下无内容】`, `（以下无正文）`). */
const END_MARKER = /^[【[(（〔]?\s*(?:以下无正文|以下无内容|以下空白|正文完|全文完)\s*[】\])）〕]?$/;

/** A document title: a short line ending with what legal documents call themselves. */
const TITLE_WORD =
  /(?:协议|政策|条款|声明|须知|规则|规定|办法|条例|指引|细则|守则|公约|承诺书|告知书|協議|政策|條款|聲明|Policy|Terms|Agreement|Notice|Statement|Conditions|Terms of (?:Service|Use))$/i;

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
    // 「更新或终止本条款」 speaks of "this agreement": a section about it, not its title.
    !/本(?:协议|政策|条款|声明|规则|协議|條款|聲明)$/.test(text) &&
    hasCjk(text) &&
    !CJK_SENTENCE_PUNCT.test(text) &&
    !/[;!?]/.test(text) &&
    !matchNumbering(text) &&
    TITLE_WORD.test(text)
  );
}

/** A short line that could be an unnumbered heading, if body text follows it. */
function isPlainHeadingShape(text: string): boolean {
  // One character alone is a fragment (a table cell broken over lines), not a heading.
  if (text.length > 60 || text.length < 2) return false;
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
  kind: 'paragraph' | 'heading' | 'table';
  /** Source lines joined into this unit. */
  lines: number;
  /** Rows of cells, for a table rebuilt from aligned columns. */
  rows?: string[][];
  /** A release / update / effective date line: metadata, never a heading. */
  date?: boolean;
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
  // A long title a PDF wrapped onto two lines (「…社会」「团体印章管理的规定」) stays one line.
  if (
    !previousNumbering &&
    lengthOf(previous) >= MIN_WRAPPED_LINE &&
    !isTitleLine(previous) &&
    isTitleLine(previous + line)
  ) {
    return false;
  }
  if (isTitleLine(previous) || isTitleLine(line)) return true;
  if (previousNumbering && numberedStrength(previousNumbering) === 'strong') return true;
  const end = lastChar(previous);
  // A line ending in a comma stops mid-sentence: a PDF broke it, however short it is.
  if (/[，、,]/.test(end) && !/^[。，、；：！？]/.test(line)) return false;
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

function* buildUnits(
  lines: string[],
  tables: readonly string[][][],
  dates: ReadonlySet<number>,
): Steps<Unit[]> {
  const units: Unit[] = [];
  let current: string | null = null;
  let currentNumbering: Numbering | null = null;
  let currentLines = 0;
  let chunkStart = true;
  const unit = (text: string, chunkEnd: boolean, numbering: Numbering | null, count: number): Unit => ({
    text,
    chunkStart,
    chunkEnd,
    numbering,
    strength: 'none',
    kind: 'paragraph',
    lines: count,
    title: false,
    style: '',
  });
  const flush = (chunkEnd: boolean) => {
    if (current === null) return;
    units.push(unit(current, chunkEnd, currentNumbering, currentLines));
    current = null;
    chunkStart = false;
  };
  yield* eachStep(lines.length, (index) => {
    const line = lines[index]!;
    if (line === '') {
      flush(true);
      chunkStart = true;
      return;
    }
    if (line.startsWith(TABLE_MARK) || dates.has(index)) {
      // A rebuilt table, or a date line: a unit of its own.
      flush(false);
      const table = line.startsWith(TABLE_MARK) ? tables[Number(line.slice(1))]! : undefined;
      const own = unit(table ? '' : line, false, null, 1);
      if (table) {
        own.kind = 'table';
        own.rows = table;
      } else own.date = true;
      units.push(own);
      chunkStart = false;
      return;
    }
    const numbering = matchNumbering(line);
    if (current === null) {
      current = line;
      currentNumbering = numbering;
      currentLines = 1;
    } else if (startsNewUnit(current, currentNumbering, line, numbering)) {
      flush(false);
      current = line;
      currentNumbering = numbering;
      currentLines = 1;
    } else {
      current = joinText(current, line);
      currentLines++;
    }
  });
  flush(true);
  const last = units[units.length - 1];
  if (last) last.chunkEnd = true;
  return units;
}

/** How many lines from a page's furniture the rest of a running header or footer may sit. */
const FURNITURE_REACH = 3;

/** Stands for a rebuilt table in the line list (NUL never survives `normalizeSource`). */
const TABLE_MARK = '\u0000';

interface Cell {
  start: number;
  text: string;
}

/** Cells of a line laid out in columns: runs of text separated by two or more spaces, a tab or U+3000. */
function cellsOf(line: string): Cell[] {
  const cells: Cell[] = [];
  for (const match of line.matchAll(/[^\s\u3000]+(?: [^\s\u3000]+)*/g)) {
    cells.push({ start: match.index, text: match[0] });
  }
  return cells;
}

/**
 * A label and its text set apart by spaces (`3.3.1.  您提供的资料不真实；`) is a numbered
 * clause, not a two-column table row, however well a run of such clauses lines up.
 */
function isSpacedClause(cells: readonly Cell[]): boolean {
  return cells.length === 2 && matchNumbering(cells[0]!.text)?.rest === '';
}

/** What sets two cells apart: whitespace other than a single space (see `cellsOf`). */
const CELL_SEPARATOR = /[^\S ]| {2}/;

/** More cells than this on a line is not a table row (and keeps matching cells to columns cheap). */
const MAX_TABLE_COLUMNS = 16;

/** Column tolerance, in characters, for cells that line up (a centred header cell sits a little off). */
const COLUMN_SLACK = 4;

/**
 * Tables a PDF extraction laid out with aligned columns (`pdftotext -layout`): rows with the same
 * number of cells (at least two) starting at the same columns. A line with fewer cells, each under a
 * different column, continues the row above (cells wrapped onto several lines). Two full rows at least
 * make a table. Table lines are replaced in `lines` by one `TABLE_MARK` line per table; the tables are
 * returned as rows of cell texts.
 */
function* rebuildTables(lines: string[]): Steps<string[][][]> {
  const tables: string[][][] = [];
  let i = 0;
  let visited = 0;
  while (i < lines.length) {
    if (++visited % ITEMS_PER_STEP === 0) yield;
    // Most lines have one cell: nothing but single spaces between words. Telling that costs one test.
    if (!CELL_SEPARATOR.test(lines[i]!)) {
      i++;
      continue;
    }
    const first = cellsOf(lines[i]!);
    if (first.length < 2 || first.length > MAX_TABLE_COLUMNS || isSpacedClause(first)) {
      i++;
      continue;
    }
    const columns = first.map((cell) => cell.start);
    const columnOf = (start: number) => {
      let best = -1;
      for (let k = 0; k < columns.length; k++) {
        const distance = Math.abs(columns[k]! - start);
        if (distance <= COLUMN_SLACK && (best < 0 || distance < Math.abs(columns[best]! - start))) best = k;
      }
      return best;
    };
    const rows: string[][] = [first.map((cell) => cell.text)];
    let end = i;
    let blank = false;
    for (let j = i + 1; j < lines.length; j++) {
      const cells = cellsOf(lines[j]!);
      // A blank line inside a table is kept only when a full row follows it.
      if (cells.length === 0) {
        blank = true;
        continue;
      }
      const at = cells.map((cell) => columnOf(cell.start));
      const increasing = at.every((index, k) => index >= 0 && (k === 0 || index > at[k - 1]!));
      if (!increasing || (blank && cells.length !== columns.length) || isSpacedClause(cells)) break;
      blank = false;
      if (cells.length === columns.length) {
        rows.push(cells.map((cell) => cell.text));
        // Later rows place the columns (a header may be centred over them).
        cells.forEach((cell, k) => (columns[k] = cell.start));
      } else {
        const row = rows[rows.length - 1]!;
        cells.forEach((cell, k) => (row[at[k]!] = joinText(row[at[k]!]!, cell.text)));
      }
      end = j;
    }
    if (rows.length < 2) {
      i++;
      continue;
    }
    for (let k = i; k <= end; k++) lines[k] = '';
    lines[i] = `${TABLE_MARK}${tables.length}`;
    tables.push(rows);
    i = end + 1;
  }
  return tables;
}

/**
 * Running headers and footers a PDF printer repeats on every page (`11/28/26, 5:07 PM  Terms`,
 * `file:///…/terms.html  2/13`): short lines that, with their numbers taken out, occur three times or
 * more and carry a URL or two numbers.
 */
function* dropRunningFurniture(lines: string[]): Steps<void> {
  const keyOf = (line: string) => line.trim().replace(/\d+/g, '#').replace(/\s+/g, ' ');
  const counts = new Map<string, number>();
  const candidates: number[] = [];
  yield* eachStep(lines.length, (index) => {
    const trimmed = lines[index]!.trim();
    if (trimmed.length < 4 || trimmed.length > 120) return;
    if (!/:\/\/|\d\D+\d/.test(trimmed)) return;
    const key = keyOf(trimmed);
    if (!/#\D+#|:\/\//.test(key)) return;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    candidates.push(index);
  });
  const dropped: number[] = [];
  yield* eachStep(candidates.length, (at) => {
    const index = candidates[at]!;
    const key = keyOf(lines[index]!);
    // A URL, a page count (`2/13`) or a print time repeated on two pages is enough; other lines need three.
    const needed = /:\/\/|#\s*\/\s*#$|#:#/.test(key) ? 2 : 3;
    if ((counts.get(key) ?? 0) >= needed) {
      lines[index] = '';
      dropped.push(index);
    }
  });
  // The rest of a running header or footer (the document title printed beside the date): short
  // lines next to dropped furniture that recur next to it on another page.
  const near = new Map<string, Set<number>>();
  for (const index of dropped) {
    const from = Math.max(0, index - FURNITURE_REACH);
    const to = Math.min(lines.length - 1, index + FURNITURE_REACH);
    for (let k = from; k <= to; k++) {
      const text = lines[k]!.trim();
      if (text === '' || text.length > 40) continue;
      let seen = near.get(text);
      if (!seen) near.set(text, (seen = new Set()));
      seen.add(k);
    }
  }
  for (const indexes of near.values()) if (indexes.size >= 2) for (const k of indexes) lines[k] = '';
}

interface Run {
  key: string;
  members: Unit[];
  lastValue: number;
  open: boolean;
}

/** Decides which numbered units are headings: by their own shape, then by the majority of their siblings. */
function* decideNumbered(units: Unit[]): Steps<void> {
  const runs: Run[] = [];
  const open = new Map<string, Run>();
  yield* eachStep(units.length, (index) => {
    const unit = units[index]!;
    if (unit.title) {
      for (const run of open.values()) run.open = false;
      open.clear();
      return;
    }
    const numbering = unit.numbering;
    if (!numbering) return;
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
  });
  const numbered = units.filter((unit) => unit.numbering);
  const nextNumbered = new Map<Unit, Unit | undefined>(
    numbered.map((unit, index) => [unit, numbered[index + 1]]),
  );
  const isParent = (unit: Unit): boolean => {
    const number = unit.numbering?.number;
    return !!number && nextNumbered.get(unit)?.numbering?.parent === number;
  };
  yield* eachStep(runs.length, (index) => {
    const run = runs[index]!;
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
  });
}

function isBody(unit: Unit | undefined): boolean {
  if (!unit || unit.kind === 'heading' || unit.title) return false;
  if (unit.kind === 'table') return true;
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
      !previous.date &&
      !unit.date &&
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

export interface TextParseResult {
  blocks: Block[];
  metadata: Record<string, string>;
}

/**
 * A title line after the first starts a further document (two policies on one page) only when the
 * numbering after it starts again at 1; otherwise it is a section that happens to end in 声明 or Policy.
 */
function restartsAfter(units: readonly Unit[], index: number): boolean {
  for (let i = index + 1; i < units.length; i++) {
    const numbering = units[i]!.numbering;
    if (numbering) return numbering.value === 1;
  }
  return false;
}

/** Plain text (already through `normalizeSource`) to blocks without ids. */
export function parseTextBlocks(source: string): TextParseResult {
  return runSteps(textBlockSteps(source));
}

/** `parseTextBlocks` as steps (see steps.ts): it pauses between passes and every few hundred lines. */
export function* textBlockSteps(source: string): Steps<TextParseResult> {
  const metadata: Record<string, string> = {};
  const raw = source.split('\n');
  yield* dropRunningFurniture(raw);
  const tables = yield* rebuildTables(raw);
  const lines: string[] = [];
  const dates = new Set<number>();
  yield* eachStep(raw.length, (i) => {
    const line = trimLine(raw[i]!);
    lines.push(line);
    if (PAGE_FURNITURE.test(line) || TRAILING_PAGE_NUMBER.test(line)) lines[i] = '';
    else if (DATE_LINE.test(line)) {
      dates.add(i);
      metadata['released'] ??= line;
      const effective = findEffectiveDate(line) ?? findEffectiveDate(`生效日期 ${line}`);
      if (effective) metadata['effectiveDate'] ??= effective;
    }
  });
  dropPageChrome(lines);
  yield;
  dropAfterEndMarker(lines);
  yield;

  const units = yield* buildUnits(lines, tables, dates);
  const content = (unit: Unit) => unit.kind !== 'table' && !unit.date;
  const firstText = units.findIndex(content);
  yield* eachStep(units.length, (index) => {
    const unit = units[index]!;
    if (!content(unit)) return;
    if (unit.numbering) {
      unit.strength = numberedStrength(unit.numbering);
    } else if (
      index === firstText
        ? isTitleLine(unit.text) || isPlainHeadingShape(unit.text)
        : isTitleLine(unit.text) && restartsAfter(units, index)
    ) {
      unit.title = true;
      unit.kind = 'heading';
    }
  });
  yield* decideNumbered(units);
  yield* eachStep(units.length, (index) => {
    const unit = units[index]!;
    if (unit.numbering || unit.title || !content(unit)) return;
    if (BRACKET_HEADING.test(unit.text) && !END_MARKER.test(unit.text) && units[index + 1]) {
      unit.kind = 'heading';
      unit.style = 'bracket';
    }
  });
  // Unnumbered lines are headings only where the author gave none by numbering or 【】: elsewhere a
  // short line is a table cell or a label, not a section.
  const structured = units.some((unit) => unit.kind === 'heading' && !unit.title);
  yield* eachStep(units.length, (index) => {
    const unit = units[index]!;
    if (structured || unit.kind !== 'paragraph' || unit.numbering || unit.date) return;
    const next = units[index + 1];
    if (!isPlainHeadingShape(unit.text) || !unit.chunkStart || !isBody(next)) return;
    // Standing alone between blank lines, or (as PDF text has it) one line atop its paragraph.
    if (
      unit.chunkEnd ||
      next!.kind === 'table' ||
      (unit.lines === 1 && next!.kind === 'paragraph' && !next!.chunkStart)
    ) {
      unit.kind = 'heading';
      unit.style = 'plain';
    }
  });

  yield;
  const joined = joinBrokenParagraphs(units);
  const levels = assignLevels(joined);
  yield;
  const blocks: Block[] = [];
  yield* eachStep(joined.length, (index) => blocks.push(blockOf(joined[index]!, levels)));
  return { blocks, metadata };
}

/** A unit as the block it became. */
/**
 * A numbered heading's text after its label, from the whole unit: its numbering was matched on the
 * unit's first line, and the lines joined to it since are part of the heading too (never dropped).
 */
function headingRest(text: string, numbering: Numbering): string {
  if (!text.startsWith(numbering.label)) return numbering.rest;
  return text.slice(numbering.label.length).replace(/^[\s\u3000]+/, '');
}

function blockOf(unit: Unit, levels: ReadonlyMap<Unit, number>): Block {
  if (unit.kind === 'heading') {
    const label = unit.numbering?.label.trim() ?? '';
    const rest = unit.numbering ? headingRest(unit.text, unit.numbering) : unit.text;
    return {
      kind: 'heading',
      id: '',
      level: levels.get(unit) ?? 1,
      label,
      content: rest ? [{ kind: 'text', text: collapseWhitespace(rest) }] : [],
    };
  }
  if (unit.kind === 'table') {
    const cell = (text: string): Inline[] => [{ kind: 'text', text: collapseWhitespace(text) }];
    return { kind: 'table', id: '', header: [], rows: unit.rows!.map((row) => row.map(cell)) };
  }
  return { kind: 'paragraph', id: '', content: [{ kind: 'text', text: collapseWhitespace(unit.text) }] };
}
