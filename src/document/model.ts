/**
 * The policy document model: what `src/document` produces from plain text, Markdown or HTML, what
 * the elements render (from this model, never by injecting HTML), and what receipts hash.
 */
export type DocumentFormat = 'text' | 'markdown' | 'html';

/** Canonical-text algorithms this library can compute (each earlier one stays reproducible). */
export const CANON_VERSIONS = ['assent-text/1', 'assent-text/2'] as const;
export type CanonVersion = (typeof CANON_VERSIONS)[number];
/** The canonical-text algorithm used unless another is asked for; goes into every receipt as `canon`. */
export const CANON_VERSION: CanonVersion = 'assent-text/2';

/** Inline content. Links carry only safe URLs (http, https, mailto, tel, or an in-document `#id`). */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em' | 'underline' | 'mark' | 'code' | 'del'; children: Inline[] }
  /** `rel` is set for links leaving the document (`noopener noreferrer`); renderers copy it. */
  | { kind: 'link'; href: string; rel?: string; children: Inline[] }
  | { kind: 'break' }
  /** A key clause: its text is emphasised and stepped through by the dialog's navigator. */
  | { kind: 'key'; clauseId: string; children: Inline[] };

export type Block =
  /** `label` is the numbering exactly as written (`一、`, `（一）`, `1.1`, `Article 3`), '' when none; `content` is the rest. */
  | { kind: 'heading'; id: string; level: number; label: string; content: Inline[] }
  | { kind: 'paragraph'; id: string; content: Inline[] }
  | { kind: 'list'; id: string; ordered: boolean; start?: number; items: Block[][] }
  | { kind: 'table'; id: string; header: Inline[][]; rows: Inline[][][] }
  | { kind: 'quote'; id: string; blocks: Block[] }
  | { kind: 'code'; id: string; text: string }
  | { kind: 'rule'; id: string };

export interface KeyClause {
  /** Stable within the document (same input, same ids). */
  id: string;
  text: string;
  /** Id of the block the clause sits in. */
  blockId: string;
}

export interface TocEntry {
  /** Anchor id, unique per document (prefixed by the document id so several documents can share a page). */
  id: string;
  level: number;
  label: string;
  text: string;
}

export interface PolicyDocument {
  id: string;
  version: string;
  title: string;
  locale?: string;
  /** ISO date (YYYY-MM-DD) the version takes effect, when known. */
  effectiveDate?: string;
  format: DocumentFormat;
  blocks: Block[];
  toc: TocEntry[];
  keyClauses: KeyClause[];
  /** Front matter and other metadata: not body text, not hashed. */
  metadata: Record<string, string>;
  /** The text that is hashed, per the `canon` algorithm. */
  canonicalText: string;
  canon: CanonVersion;
  /** Lowercase hex sha-256 of the UTF-8 canonical text; equals `assent hash FILE`. */
  sha256: string;
}
