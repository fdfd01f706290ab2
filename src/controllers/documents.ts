import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  agreementStore,
  diffSections,
  fingerprintSections,
  type DocumentVersionRef,
  type SectionChanges,
} from '../consent/agreements.js';
import type { PolicyDocument } from '../document/model.js';
import { emit, reportError } from '../events/events.js';

/** What the controller needs of a `<policy-document>` (the element itself lives in `elements/`). */
export interface PolicyDocumentSource extends Element {
  load(): Promise<PolicyDocument>;
}

/** One document: what is known before loading (its element's attributes) and the parsed model after. */
export interface DocumentEntry {
  id: string;
  element?: PolicyDocumentSource;
  policy?: PolicyDocument;
  status: 'loading' | 'ready' | 'error';
  /**
   * What the entry was loaded from (its element's source attributes and text, or the model's hash),
   * to reload only when that changes.
   */
  source: readonly (string | null)[];
}

/** Documents accepted earlier in another version, and what changed in each (undefined: not known). */
export interface DocumentUpdates {
  ids: string[];
  changes: Map<string, SectionChanges | undefined>;
}

export interface DocumentsOptions {
  /** Documents given as parsed models (the element's `documents` property), after the children. */
  models: () => readonly PolicyDocument[] | undefined;
  /** Every document has loaded (or failed to), after each collection. */
  onSettled?: () => void;
}

type Host = ReactiveControllerHost & HTMLElement;

/** The `<policy-document>` attributes whose change means the document must be collected again. */
const WATCHED = [
  'doc-id',
  'version',
  'src',
  'format',
  'title',
  'effective-date',
  'require',
  'dwell',
  'change',
];
const SOURCE = ['version', 'src', 'format', 'title', 'effective-date'];

function sameSource(a: readonly (string | null)[], b: readonly (string | null)[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

/**
 * The documents of an agreement element, in one place: collected from its `<policy-document>` children
 * (followed as they change) and its parsed models, loaded (each once per source), their titles and
 * versions known before loading, and the update policy: which documents this browser accepted in
 * another version, and what changed since. Fires `agreement-documents-change` on the host and reports
 * load failures as `assent-error` (`document-load-failed`).
 */
export class DocumentsController implements ReactiveController {
  entries: DocumentEntry[] = [];
  private observer: MutationObserver | undefined;
  private settledPromise: Promise<void> = Promise.resolve();
  /** The set of updated versions last handed out: the same update is shown once per page. */
  private updatesShown = '';
  /** Loads under way: a collection that keeps a loading entry waits for its load instead of starting another. */
  private readonly loading = new WeakMap<DocumentEntry, Promise<void>>();

  constructor(
    private readonly host: Host,
    private readonly options: DocumentsOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new MutationObserver(() => this.collect());
    this.observer.observe(this.host, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: WATCHED,
    });
    this.collect();
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
  }

  /** Resolves once every document has loaded (or failed to). */
  get settled(): Promise<void> {
    return this.settledPromise;
  }

  find(id: string): DocumentEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  /** The entries for `ids` in that order (unknown ids left out); all of them without `ids`. */
  select(ids: readonly string[] | undefined): DocumentEntry[] {
    if (!ids) return this.entries;
    return ids.map((id) => this.find(id)).filter((entry): entry is DocumentEntry => !!entry);
  }

  /** Collects the documents again, keeping (not reloading) those whose source did not change. */
  collect(): void {
    const previous = new Map(this.entries.map((entry) => [entry.id, entry]));
    const next: DocumentEntry[] = [];
    for (const element of this.host.querySelectorAll('policy-document')) {
      const id = element.getAttribute('doc-id') ?? '';
      if (!id || next.some((e) => e.id === id)) continue;
      // Compared part by part, not serialised: a long inline text is then compared, never copied.
      const source = [...SOURCE.map((name) => element.getAttribute(name)), element.textContent];
      const old = previous.get(id);
      next.push(
        old && old.element === element && sameSource(old.source, source)
          ? old
          : { id, element: element as PolicyDocumentSource, status: 'loading', source },
      );
    }
    for (const policy of this.options.models() ?? []) {
      if (!policy?.id || next.some((e) => e.id === policy.id)) continue;
      next.push({ id: policy.id, policy, status: 'ready', source: [policy.sha256] });
    }
    this.entries = next;
    const loads = next
      .filter((entry) => entry.status === 'loading')
      .map((entry) => {
        let load = this.loading.get(entry);
        if (!load) {
          load = this.load(entry);
          this.loading.set(entry, load);
        }
        return load;
      });
    this.settledPromise = Promise.all(loads).then(() => {
      this.host.requestUpdate();
      this.emitChange();
      this.options.onSettled?.();
    });
    this.host.requestUpdate();
    this.emitChange();
  }

  titleOf(entry: Pick<DocumentEntry, 'element' | 'policy' | 'id'>): string {
    return entry.element?.getAttribute('title') || entry.policy?.title || entry.id;
  }

  versionOf(entry: Pick<DocumentEntry, 'element' | 'policy'>): string {
    return entry.element?.getAttribute('version') || entry.policy?.version || '';
  }

  effectiveDateOf(entry: DocumentEntry): string {
    return entry.element?.getAttribute('effective-date') || entry.policy?.effectiveDate || '';
  }

  /** One document version: what reading and acceptance are tracked by. */
  readKey(entry: Pick<DocumentEntry, 'id' | 'element' | 'policy'>): string {
    return `${entry.id}@${this.versionOf(entry)}`;
  }

  refOf(entry: DocumentEntry): DocumentVersionRef {
    return { id: entry.id, version: this.versionOf(entry), sha256: entry.policy?.sha256 };
  }

  /**
   * True when this browser accepted the current version of each listed document (default: all), and
   * the same text once it has loaded. False for an empty list, an unknown id or a document without a version.
   */
  isAccepted(ids?: readonly string[]): boolean {
    const wanted = ids ?? this.entries.map((entry) => entry.id);
    const entries = wanted.map((id) => this.find(id));
    if (!entries.length || entries.some((entry) => !entry || !this.versionOf(entry))) return false;
    return agreementStore().isAccepted(entries.map((entry) => this.refOf(entry!)));
  }

  /** Accepted earlier in another version (or other text), and loaded now. */
  isUpdated(entry: DocumentEntry): boolean {
    const accepted = agreementStore().get(entry.id);
    return !!accepted && entry.status === 'ready' && !agreementStore().isAccepted([this.refOf(entry)]);
  }

  /**
   * The documents accepted earlier whose version changed, with what changed: once per set of versions
   * and page (undefined when there is none, or it was handed out before).
   */
  takeUpdates(): DocumentUpdates | undefined {
    const updated = this.entries.filter((entry) => this.isUpdated(entry));
    if (!updated.length) return undefined;
    const signature = updated.map((entry) => this.readKey(entry)).join(' ');
    if (signature === this.updatesShown) return undefined;
    this.updatesShown = signature;
    const changes = new Map(
      updated.map((entry) => {
        const sections = agreementStore().get(entry.id)?.sections;
        return [
          entry.id,
          sections && entry.policy ? diffSections(sections, fingerprintSections(entry.policy)) : undefined,
        ];
      }),
    );
    return { ids: updated.map((entry) => entry.id), changes };
  }

  private emitChange(): void {
    emit(this.host, 'agreement-documents-change', { documents: this.entries.map((entry) => entry.id) });
  }

  private async load(entry: DocumentEntry): Promise<void> {
    const element = entry.element!;
    try {
      await customElements.whenDefined('policy-document');
      customElements.upgrade(element);
      const policy = await element.load();
      if (!this.entries.includes(entry)) return;
      entry.policy = policy;
      entry.status = 'ready';
    } catch (error) {
      if (!this.entries.includes(entry)) return;
      entry.status = 'error';
      const message = error instanceof Error ? error.message : String(error);
      reportError('document-load-failed', `policy-document "${entry.id}": ${message}`, this.host, error);
    }
    this.host.requestUpdate();
  }
}
