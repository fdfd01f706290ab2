import { joinHeading as joinDocumentHeading } from '../document/canonical.js';
import type { Block, Inline, PolicyDocument } from '../document/model.js';
import { shared } from '../internal/global.js';
import { own, setOwn } from '../internal/own.js';
import { CHILDREN_PURPOSE } from './guardian.js';

/**
 * Which document versions this browser accepted (and which separate consents it gave), so that
 * `<consent-checkbox>` honours `checked` only for a real earlier acceptance and `<agreement-dialog>`
 * knows when a document changed since. Kept in localStorage (one versioned record), shared by every
 * copy of the library on the page. It never throws: storage that is missing, blocked, full or holds
 * something unreadable behaves as "nothing accepted yet" and the page carries on in memory.
 */
export const AGREEMENTS_STORAGE_KEY = 'assent:agreements';
export const AGREEMENTS_STATE_VERSION = 1;

/** A section of a document as it was accepted, to tell what changed in a later version. */
export interface SectionFingerprint {
  /** The heading as shown (numbering + text), normalised. */
  heading: string;
  /** The heading's text without its numbering (absent in records stored before it was kept). */
  title?: string;
  /** A short hash of the section's text (not cryptographic: only compares versions). */
  hash: string;
}

export interface AcceptedDocument {
  id: string;
  version: string;
  /** Lowercase hex sha-256 of the canonical text, when it was known. */
  sha256?: string;
  title?: string;
  /** ISO 8601 time of acceptance. */
  acceptedAt: string;
  receiptId?: string;
  sections?: SectionFingerprint[];
}

export interface SeparateConsent {
  purpose: string;
  granted: boolean;
  decidedAt: string;
  receiptId?: string;
  /** Versions of the documents that came with the purpose, id -> version. */
  documents?: Record<string, string>;
}

/** What identifies a document version: its id, version and (once loaded) its hash. */
export interface DocumentVersionRef {
  id: string;
  version: string;
  sha256?: string;
}

interface StoredState {
  v: typeof AGREEMENTS_STATE_VERSION;
  documents: Record<string, AcceptedDocument>;
  separate: Record<string, SeparateConsent>;
}

export interface AgreementStore {
  /** The last accepted version of document `id`, if any. */
  get(id: string): AcceptedDocument | undefined;
  /** True when every listed document was accepted in exactly this version (and text, when both hashes are known). */
  isAccepted(refs: readonly DocumentVersionRef[]): boolean;
  /** Records the acceptance of these documents. */
  recordAcceptance(documents: readonly Omit<AcceptedDocument, 'acceptedAt'>[], acceptedAt?: string): void;
  /** Forgets the acceptance of these documents (the box was unticked, consent withdrawn). */
  forget(ids: readonly string[]): void;
  /** The separate consent for `purpose`, if one was given or refused. */
  separate(purpose: string): SeparateConsent | undefined;
  recordSeparate(consent: Omit<SeparateConsent, 'decidedAt'>, decidedAt?: string): void;
  /** Forgets everything (tests, "reset my choices"). */
  clear(): void;
  /** Called after any change, from this page or another tab. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

function emptyState(): StoredState {
  return { v: AGREEMENTS_STATE_VERSION, documents: {}, separate: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validDocument(value: unknown): value is AcceptedDocument {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.version === 'string' &&
    typeof value.acceptedAt === 'string' &&
    (value.sha256 === undefined || typeof value.sha256 === 'string') &&
    (value.sections === undefined ||
      (Array.isArray(value.sections) &&
        value.sections.every(
          (s) =>
            isRecord(s) &&
            typeof s.heading === 'string' &&
            typeof s.hash === 'string' &&
            (s.title === undefined || typeof s.title === 'string'),
        )))
  );
}

function validSeparate(value: unknown): value is SeparateConsent {
  return (
    isRecord(value) &&
    typeof value.purpose === 'string' &&
    typeof value.granted === 'boolean' &&
    typeof value.decidedAt === 'string'
  );
}

/** Reads a stored record; anything unreadable, of another version, or malformed counts as nothing accepted. */
export function parseAgreementState(raw: string | null): StoredState {
  if (!raw) return emptyState();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return emptyState();
  }
  if (!isRecord(parsed) || parsed.v !== AGREEMENTS_STATE_VERSION) return emptyState();
  const state = emptyState();
  if (isRecord(parsed.documents)) {
    for (const [id, entry] of Object.entries(parsed.documents))
      if (validDocument(entry)) setOwn(state.documents, id, entry);
  }
  if (isRecord(parsed.separate)) {
    for (const [purpose, entry] of Object.entries(parsed.separate)) {
      if (validSeparate(entry)) setOwn(state.separate, purpose, entry);
    }
  }
  return state;
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    // Opaque origins and blocked third-party storage throw on mere access.
    return undefined;
  }
}

function createStore(): AgreementStore {
  const listeners = new Set<() => void>();
  // Last state written, used when storage is unavailable or refused the write (quota): it is newer than storage.
  let memory: StoredState | undefined;
  let unsaved = false;

  const read = (): StoredState => {
    const store = storage();
    if (!store || unsaved) return structuredClone(memory ?? emptyState());
    try {
      const raw = store.getItem(AGREEMENTS_STORAGE_KEY);
      return parseAgreementState(raw);
    } catch {
      return structuredClone(memory ?? emptyState());
    }
  };

  const write = (state: StoredState): void => {
    memory = state;
    try {
      const store = storage();
      store?.setItem(AGREEMENTS_STORAGE_KEY, JSON.stringify(state));
      unsaved = !store;
    } catch {
      // Quota or blocked storage: the page keeps the state in memory for this visit.
      unsaved = true;
    }
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        console.error(error);
      }
    }
  };

  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (event) => {
      if (event.key !== AGREEMENTS_STORAGE_KEY && event.key !== null) return;
      memory = undefined;
      unsaved = false;
      for (const listener of listeners) listener();
    });
  }

  return {
    get: (id) => own(read().documents, id),
    isAccepted(refs) {
      if (!refs.length) return false;
      const { documents } = read();
      return refs.every((ref) => {
        const accepted = own(documents, ref.id);
        if (!accepted || accepted.version !== ref.version) return false;
        return !(accepted.sha256 && ref.sha256 && accepted.sha256 !== ref.sha256);
      });
    },
    recordAcceptance(list, acceptedAt = new Date().toISOString()) {
      const state = read();
      for (const doc of list) setOwn(state.documents, doc.id, { ...doc, acceptedAt });
      write(state);
    },
    forget(ids) {
      const state = read();
      for (const id of ids) delete state.documents[id];
      write(state);
    },
    separate: (purpose) => own(read().separate, purpose),
    recordSeparate(consent, decidedAt = new Date().toISOString()) {
      const state = read();
      setOwn(state.separate, consent.purpose, { ...consent, decidedAt });
      write(state);
    },
    clear() {
      unsaved = false;
      write(emptyState());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** What one consent box asks: its documents, and in which flow they were agreed to. */
export type ConsentQuestion =
  | { flow: 'agreement'; documents: readonly DocumentVersionRef[] }
  /** A separate consent (PIPL art. 29, 39…) to `purpose` under these documents. */
  | { flow: 'separate'; purpose: string; documents: readonly DocumentVersionRef[] }
  /**
   * A guardian agreeing for a child: `agreed` are the service's documents, `rules` the rules for
   * children's information, consented to separately under {@link CHILDREN_PURPOSE}.
   */
  | { flow: 'guardian'; agreed: readonly DocumentVersionRef[]; rules: readonly DocumentVersionRef[] };

const sameVersions = (consent: SeparateConsent | undefined, refs: readonly DocumentVersionRef[]) =>
  !!consent?.granted && refs.every((ref) => consent.documents?.[ref.id] === ref.version);

const knownAndAccepted = (store: AgreementStore, refs: readonly DocumentVersionRef[]) =>
  refs.length > 0 && refs.every((ref) => ref.version !== '') && store.isAccepted(refs);

/**
 * Whether the stored state says yes to `question` for exactly these versions (and texts): the only
 * way a box may show as ticked without a click on this page.
 */
export function holdsConsent(store: AgreementStore, question: ConsentQuestion): boolean {
  switch (question.flow) {
    case 'separate':
      return question.purpose !== '' && sameVersions(store.separate(question.purpose), question.documents);
    case 'guardian':
      return (
        sameVersions(store.separate(CHILDREN_PURPOSE), question.rules) &&
        knownAndAccepted(store, question.agreed)
      );
    case 'agreement':
      return knownAndAccepted(store, question.documents);
  }
}

/** The page-wide agreement store. */
export function agreementStore(): AgreementStore {
  return shared('agreements', createStore);
}

/** Plain text of inline content. */
export function inlineText(content: readonly Inline[]): string {
  let text = '';
  for (const node of content) {
    if (node.kind === 'text') text += node.text;
    else if (node.kind === 'break') text += '\n';
    else text += inlineText(node.children);
  }
  return text;
}

/**
 * Numbering and heading text as shown, by the one rule the canonical text and the table of contents
 * use (`headingSeparator`): 「一、总则」「（二）账号」「(1)总则」, 「第三条 总则」「1. Scope」「Article 3 Scope」.
 */
export function joinHeading(label: string, text: string): string {
  return joinDocumentHeading(label, text.trimStart());
}

/** The heading as shown (numbering + text, whitespace collapsed): how sections are matched across versions. */
export function headingKey(label: string, content: readonly Inline[]): string {
  return joinHeading(label, inlineText(content)).replace(/\s+/g, ' ').trim();
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return headingKey(block.label, block.content);
    case 'paragraph':
      return inlineText(block.content);
    case 'list':
      return block.items.map((item) => item.map(blockText).join('\n')).join('\n');
    case 'table':
      return [block.header, ...block.rows].map((row) => row.map(inlineText).join('\t')).join('\n');
    case 'quote':
      return block.blocks.map(blockText).join('\n');
    case 'code':
      return block.text;
    case 'rule':
      return '';
  }
}

/** 32-bit FNV-1a as hex: enough to tell whether a section's text changed between two versions. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** One fingerprint per section (a heading and the blocks up to the next heading); text before the first heading is the section ''. */
export function fingerprintSections(document: Pick<PolicyDocument, 'blocks'>): SectionFingerprint[] {
  const sections: { heading: string; title: string; text: string[] }[] = [];
  let current: { heading: string; title: string; text: string[] } | undefined;
  for (const block of document.blocks) {
    if (block.kind === 'heading') {
      current = {
        heading: headingKey(block.label, block.content),
        title: inlineText(block.content).replace(/\s+/g, ' ').trim(),
        text: [],
      };
      sections.push(current);
      continue;
    }
    if (!current) {
      current = { heading: '', title: '', text: [] };
      sections.push(current);
    }
    current.text.push(blockText(block).replace(/\s+/g, ' ').trim());
  }
  return sections.map((section) => ({
    heading: section.heading,
    title: section.title,
    hash: shortHash(section.text.join('\n')),
  }));
}

export interface SectionChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

const EMPTY_SECTION_HASH = shortHash('');

/** Same heading text, numbering aside (records without `title` compare by the end of the shown heading). */
function sameTitle(before: SectionFingerprint, after: SectionFingerprint): boolean {
  if (before.heading === after.heading) return true;
  const title = after.title ?? after.heading;
  if (before.title !== undefined) return before.title === title;
  return before.heading === title || (title !== '' && before.heading.endsWith(title));
}

/**
 * What changed between the sections of the accepted version and the current one. Sections are paired
 * by what they say before how they are numbered, so a renumbered section (「三、责任」 that became
 * 「四、责任」 with the same text) is not a change:
 * 1. same heading and same text; 2. same heading text (numbering aside) and same text: renumbered;
 * 3. same heading, other text: changed; 4. same heading text, other numbering and text: changed;
 * 5. same (non-empty) text under another heading: retitled, changed.
 * What is left unpaired was added or removed. Lists name sections by their current heading.
 */
export function diffSections(
  before: readonly SectionFingerprint[],
  after: readonly SectionFingerprint[],
): SectionChanges {
  const unpairedBefore = new Set(before.map((_, index) => index));
  const pairedWith = new Map<number, number>();
  const passes: ((b: SectionFingerprint, a: SectionFingerprint) => boolean)[] = [
    (b, a) => b.heading === a.heading && b.hash === a.hash,
    (b, a) => b.hash === a.hash && sameTitle(b, a),
    (b, a) => b.heading === a.heading,
    (b, a) => (a.title ?? a.heading) !== '' && sameTitle(b, a),
    (b, a) => b.hash === a.hash && a.hash !== EMPTY_SECTION_HASH,
  ];
  for (const matches of passes) {
    after.forEach((section, afterIndex) => {
      if (pairedWith.has(afterIndex)) return;
      for (const beforeIndex of unpairedBefore) {
        if (!matches(before[beforeIndex], section)) continue;
        pairedWith.set(afterIndex, beforeIndex);
        unpairedBefore.delete(beforeIndex);
        return;
      }
    });
  }
  const changed: string[] = [];
  const added: string[] = [];
  after.forEach((section, afterIndex) => {
    const beforeIndex = pairedWith.get(afterIndex);
    if (beforeIndex === undefined) added.push(section.heading);
    else if (before[beforeIndex].hash !== section.hash || !sameTitle(before[beforeIndex], section))
      changed.push(section.heading);
  });
  return {
    added,
    removed: [...unpairedBefore].sort((x, y) => x - y).map((index) => before[index].heading),
    changed,
  };
}
