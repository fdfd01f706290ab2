/**
 * Clause numbering as Chinese and English legal texts write it. Used to split a heading into its label
 * (kept exactly as written) and its text, and by the plain-text parser to infer heading levels.
 */

const CN_DIGITS = '一二三四五六七八九十百千零〇两';
const CN_NUM = `[${CN_DIGITS}]+`;

export interface Numbering {
  /** The numbering exactly as written, including its punctuation (`一、`, `（一）`, `1.1`, `Article 3.`). */
  label: string;
  /**
   * Numbering family: headings of one family are siblings. Dotted decimals carry their depth
   * (`num-1` for `1.`, `num-2` for `1.1`).
   */
  style: string;
  /** For dotted decimals, the parent number (`3.3` for `3.3.1`); '' otherwise. */
  parent: string;
  /** For decimals, the number without trailing punctuation (`3.3.1`); '' otherwise. */
  number: string;
  /** Numeric value of the last component (for detecting a restart at 1), NaN when not numeric. */
  value: number;
  /** The text after the label, leading white space removed. */
  rest: string;
}

interface Pattern {
  style: string | ((match: RegExpExecArray) => string);
  regex: RegExp;
  value?: (match: RegExpExecArray) => number;
  parent?: (match: RegExpExecArray) => string;
}

function cnValue(text: string): number {
  const digits: Record<string, number> = {
    零: 0,
    〇: 0,
    一: 1,
    二: 2,
    两: 2,
    三: 3,
    四: 4,
    五: 5,
    六: 6,
    七: 7,
    八: 8,
    九: 9,
  };
  let total = 0;
  let current = 0;
  for (const char of text) {
    if (char in digits) current = digits[char]!;
    else {
      const unit = char === '十' ? 10 : char === '百' ? 100 : char === '千' ? 1000 : 1;
      total += (current || 1) * unit;
      current = 0;
    }
  }
  return total + current;
}

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
function romanValue(text: string): number {
  let total = 0;
  const lower = text.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const value = ROMAN[lower[i]!] ?? 0;
    const next = ROMAN[lower[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

// Order matters: the first pattern that matches wins.
const PATTERNS: Pattern[] = [
  // The Chinese legal hierarchy, each its own level: 编 (part) > 章 (chapter) > 节 (section) > 条 (article) > 款.
  {
    style: 'cn-part',
    regex: new RegExp(`^第\\s*(${CN_NUM}|\\d{1,3})\\s*(?:编|部分|部(?!门))`),
    value: (m) => numeric(m[1]!),
  },
  {
    style: 'cn-chapter',
    regex: new RegExp(`^第\\s*(${CN_NUM}|\\d{1,3})\\s*章`),
    value: (m) => numeric(m[1]!),
  },
  {
    style: 'cn-section',
    regex: new RegExp(`^第\\s*(${CN_NUM}|\\d{1,3})\\s*节`),
    value: (m) => numeric(m[1]!),
  },
  {
    style: 'cn-article',
    regex: new RegExp(`^第\\s*(${CN_NUM}|\\d{1,4})\\s*条`),
    value: (m) => numeric(m[1]!),
  },
  {
    style: 'cn-clause',
    regex: new RegExp(`^第\\s*(${CN_NUM}|\\d{1,3})\\s*款`),
    value: (m) => numeric(m[1]!),
  },
  { style: 'cn', regex: new RegExp(`^(${CN_NUM})\\s*[、．.]`), value: (m) => cnValue(m[1]!) },
  { style: 'cn-paren', regex: new RegExp(`^[（(]\\s*(${CN_NUM})\\s*[）)]`), value: (m) => cnValue(m[1]!) },
  { style: 'num-paren', regex: /^[（(]\s*(\d{1,3})\s*[）)]/, value: (m) => Number(m[1]) },
  { style: 'roman-paren', regex: /^\((i{1,3}|iv|vi{0,3}|ix|xi{0,3})\)/, value: (m) => romanValue(m[1]!) },
  { style: 'alpha-paren', regex: /^[（(]([a-z])[）)]/, value: (m) => m[1]!.charCodeAt(0) - 96 },
  { style: 'circled', regex: /^([\u2460-\u2473])/, value: (m) => m[1]!.charCodeAt(0) - 0x245f },
  {
    style: (m) => `num-${m[1]!.split('.').length}`,
    regex: /^(\d{1,3}(?:\.\d{1,3}){1,5})(?:\.(?!\d))?(?![\d%])/,
    value: (m) => Number(m[1]!.split('.').pop()),
    parent: (m) => m[1]!.split('.').slice(0, -1).join('.'),
  },
  { style: 'num-1', regex: /^(\d{1,3})[.．](?![\d%])/, value: (m) => Number(m[1]) },
  { style: 'num-comma', regex: /^(\d{1,3})、/, value: (m) => Number(m[1]) },
  { style: 'num-close', regex: /^(\d{1,3})[)）]/, value: (m) => Number(m[1]) },
  {
    style: 'article',
    regex: /^(?:Article|ARTICLE)\s+(\d{1,3}|[IVXLC]{1,6})\b[.:]?/,
    value: (m) => numeric(m[1]!),
  },
  {
    style: 'section',
    regex: /^(?:Section|SECTION|§)\s*(\d{1,3}(?:\.\d{1,3})*)\b[.:]?/,
    value: (m) => Number(m[1]!.split('.').pop()),
  },
  { style: 'letter', regex: /^([A-Z])\.(?=\s)/, value: (m) => m[1]!.charCodeAt(0) - 64 },
  { style: 'roman', regex: /^([IVX]{1,5})\.(?=\s)/, value: (m) => romanValue(m[1]!) },
];

function numeric(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (/^[IVXLC]+$/.test(text)) return romanValue(text);
  return cnValue(text);
}

/** Cheap first-character test: every pattern below starts with one of these. */
const MAY_NUMBER = new RegExp(`^[第${CN_DIGITS}（(\\d\u2460-\u2473A-Z§]`);

/** The numbering a line or heading starts with, or null. `text` must not start with white space. */
export function matchNumbering(text: string): Numbering | null {
  if (!MAY_NUMBER.test(text)) return null;
  for (const pattern of PATTERNS) {
    const match = pattern.regex.exec(text);
    if (!match) continue;
    const label = match[0];
    const style = typeof pattern.style === 'function' ? pattern.style(match) : pattern.style;
    return {
      label,
      style,
      parent: pattern.parent ? pattern.parent(match) : '',
      number: /^num-\d+$/.test(style) ? match[1]! : '',
      value: pattern.value ? pattern.value(match) : NaN,
      rest: text.slice(label.length).replace(/^[\s\u3000]+/, ''),
    };
  }
  return null;
}

/** `【标题】` headings: not numbering (their label is ''), but a heading style of their own. */
export const BRACKET_HEADING = /^【[^】\n]{1,40}】$/;

/** Bullet glyphs that open a list line in plain text. */
export const BULLET = /^(?:[•·●○▪■□◆◇►▶※]|[-–—*+](?=\s))/;
