/**
 * Markdown (CommonMark + GFM tables) to HTML, which then goes through the same sanitiser and walker as
 * HTML input. Front matter becomes metadata; kramdown attribute lines (`{: #id }`) become anchors or
 * metadata, never text.
 */
import MarkdownIt, { type MarkdownIt as Markdown } from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { isCjkChar } from './canonical.js';

export interface MarkdownResult {
  html: string;
  metadata: Record<string, string>;
}

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;
const ATTRIBUTE_LINE = /^[ \t]*\{:\s*([^}]*)\}[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
/** A kramdown attribute list closing an ATX heading: `## 所有权 {: #ownership }`. */
const HEADING_ATTRIBUTES = /^( {0,3}#{1,6}[ \t].*?)[ \t]+\{:\s*([^}]*)\}[ \t]*$/;

/** Top-level `key: value` scalars of YAML front matter (lists and nested maps are skipped). */
function parseFrontMatter(yaml: string): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const line of yaml.split('\n')) {
    const match = /^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$/.exec(line);
    if (!match || match[2] === '' || /^[|>]/.test(match[2]!)) continue;
    const value = match[2]!.replace(/^(["'])(.*)\1$/, '$2');
    const key = /^(effective[-_]?date|effective)$/i.test(match[1]!) ? 'effectiveDate' : match[1]!;
    // Defined, not assigned: a `__proto__:` key stays a key and never reaches the prototype.
    Object.defineProperty(metadata, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return metadata;
}

/**
 * CommonMark does not let `__` close before a CJK character (`__粗体__是…`): a `_` run is treated as
 * intraword. Authors of Chinese texts mean bold there, and markdown-it-cjk-friendly only relaxes `*`.
 * This rule scans a `_` run as if it were `*` when the character just before or after it is CJK; runs
 * between Latin letters (`__ssid`, `snake_case`) keep the CommonMark rule.
 */
function cjkUnderscore(md: Markdown): void {
  const Base: Markdown['inline']['State'] = md.inline.State;
  class CjkUnderscoreState extends Base {
    override scanDelims(start: number, canSplitWord: boolean) {
      if (!canSplitWord && this.src.charCodeAt(start) === 0x5f) {
        let end = start;
        while (end < this.posMax && this.src.charCodeAt(end) === 0x5f) end++;
        const before = start > 0 ? String.fromCodePoint(this.src.codePointAt(start - 1)!) : '';
        const after = end < this.posMax ? String.fromCodePoint(this.src.codePointAt(end)!) : '';
        const low = before.charCodeAt(0);
        const beforeChar =
          low >= 0xdc00 && low <= 0xdfff && start > 1
            ? String.fromCodePoint(this.src.codePointAt(start - 2)!)
            : before;
        if (isCjkChar(beforeChar) || isCjkChar(after)) return super.scanDelims(start, true);
      }
      return super.scanDelims(start, canSplitWord);
    }
  }
  md.inline.State = CjkUnderscoreState;
}

let parser: Markdown | undefined;
function markdownParser(): Markdown {
  parser ??= new MarkdownIt('default', { html: true, linkify: false, typographer: false, breaks: false })
    .use(cjkFriendly)
    .use(cjkUnderscore);
  return parser;
}

function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Strips front matter and attribute lines, then renders the rest with markdown-it. `headingAttributes`
 * (from `assent-text/2`) also takes `{: #id }` off the end of heading lines, as an anchor.
 */
export function parseMarkdownToHtml(source: string, headingAttributes = true): MarkdownResult {
  let body = source;
  let metadata: Record<string, string> = {};
  const front = FRONT_MATTER.exec(body);
  if (front) {
    metadata = parseFrontMatter(front[1]!);
    // Keep the line count so positions stay meaningful; the lines carry no text.
    body = '\n'.repeat(front[0].split('\n').length - 1) + body.slice(front[0].length);
  }
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heading = headingAttributes ? HEADING_ATTRIBUTES.exec(lines[i]!) : null;
    if (heading) {
      const id = /(?:^|\s)#([\w-]+)/.exec(heading[2]!)?.[1];
      lines[i] = id ? `${heading[1]!}<a id="${escapeAttribute(id)}"></a>` : heading[1]!;
      continue;
    }
    const match = ATTRIBUTE_LINE.exec(lines[i]!);
    if (!match) continue;
    lines[i] = '';
    const attributes = match[1]!;
    const datetime = /datetime\s*=\s*"([^"]*)"/.exec(attributes)?.[1];
    if (datetime && !metadata['effectiveDate']) metadata['effectiveDate'] = datetime;
    const id = /(?:^|\s)#([\w-]+)/.exec(attributes)?.[1];
    const previous = i > 0 ? lines[i - 1]! : '';
    if (
      id &&
      previous.trim() !== '' &&
      !THEMATIC_BREAK.test(previous) &&
      !/^\s*(```|~~~|\|)/.test(previous)
    ) {
      lines[i - 1] = `${previous}<a id="${escapeAttribute(id)}"></a>`;
    }
  }
  return { html: markdownParser().render(lines.join('\n')), metadata };
}
