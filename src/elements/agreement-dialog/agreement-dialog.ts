import { LitElement, render, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { SectionChanges } from '../../consent/agreements.js';
import type { ReadEvidence, ReceiptActor, ReceiptDocument } from '../../receipt/types.js';
import { DecisionsController } from '../../controllers/decisions.js';
import { DocumentsController, type DocumentEntry } from '../../controllers/documents.js';
import { LocalizeController } from '../../controllers/localize.js';
import { ModalController } from '../../controllers/modal.js';
import { ReadProgressController } from '../../controllers/read-progress.js';
import type { PolicyDocument } from '../../document/model.js';
import { emit, reportError, type AgreementRequestCloseDetail } from '../../events/events.js';
import { agreementStrings } from '../../i18n/resources/agreement.js';
import { whenIdle } from '../../internal/idle.js';
import type { ChangeLevel, ReadRequirement } from '../policy-document/policy-document.js';
import { agreementDialogStyles } from './agreement-dialog.styles.js';
import { renderDialog, renderFooter, type DialogView } from './agreement-dialog.render.js';
import { DocumentRenderer } from './render-document.js';

/** What `requestDecision()` resolves with. */
export interface AgreementDecisionResult {
  /** `dismissed`: closed (Escape, close button, `hide()`) without a decision; nothing is recorded. */
  decision: 'accepted' | 'declined' | 'dismissed';
  /** Ids of the documents decided on. */
  documents: string[];
  /** The signed receipt (compact JWS), when one was made. */
  receipt?: string;
  receiptId?: string;
}

export interface AgreementRequestOptions {
  /** Ids of the documents to decide on (default: all of the dialog's documents). */
  documents?: readonly string[];
  /** Id of the document whose tab opens first. */
  document?: string;
  /** A PIPL separate-consent purpose: the decision is recorded as its own `separate` receipt. */
  purpose?: string;
  /** `guardian` when a parent or guardian decides for a minor (PIPL art. 31): receipts carry `actor: "guardian"`. */
  actor?: ReceiptActor;
  /** Where focus returns on close (default: whatever had focus when the dialog opened). */
  opener?: HTMLElement;
}

/** One document of the dialog: what is known before loading (attributes) and the parsed model after. */
export interface AgreementDocumentInfo {
  id: string;
  title: string;
  version: string;
  sha256?: string;
  status: 'loading' | 'ready' | 'error';
}

type Mode = 'decide' | 'update';
const RECEIPT_TIMEOUT_MS = 10_000;

/** Strings every open of the dialog shows, whatever its documents (translated ahead at idle time). */
const OPEN_STRINGS = [
  'dialog.title',
  'dialog.close',
  'dialog.progress',
  'dialog.decline',
  'dialog.accept',
  'dialog.endOfDocument',
];

/** Formatters are costly to build and the dialog re-renders as people read: one per locale. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format;
}

const listFormats = new Map<string, Intl.ListFormat>();
function listFormat(locale: string): Intl.ListFormat {
  let format = listFormats.get(locale);
  if (!format) {
    format = new Intl.ListFormat(locale, { type: 'conjunction' });
    listFormats.set(locale, format);
  }
  return format;
}

/**
 * @tagname agreement-dialog
 * @summary Shows policy documents in a modal, makes sure they are read, and records the decision as a signed receipt.
 *
 * Documents are `<policy-document>` children (or the `documents` property). Several documents are tabs.
 * Accepting is possible once each document's reading requirement is met (`require`: reach the end,
 * `dwell` a minimum time, or `none`); declining is always possible. When a document's version changed
 * since this browser accepted it, the dialog opens by itself with a summary of what changed.
 *
 * @slot - `<policy-document>` elements (not displayed themselves).
 * @slot title - Replaces the dialog heading.
 * @slot intro - Text under the heading.
 * @slot changes - The host's own notes in the "updated" summary.
 *
 * @csspart dialog - The native `<dialog>`.
 * @csspart base - The frame inside the dialog: header, panels and footer.
 * @csspart header - Heading row with the close button.
 * @csspart title - The dialog heading.
 * @csspart close-button - The × button (closes without deciding).
 * @csspart update-summary - The "updated" notice with the list of changes.
 * @csspart tabs - The tab list (several documents).
 * @csspart tab - One document tab.
 * @csspart panel - One document: header, contents, progress, body, key-clause navigator.
 * @csspart document-title - A document's title.
 * @csspart document-meta - Version and effective date.
 * @csspart toc - The collapsible table of contents.
 * @csspart progress - The reading-progress bar.
 * @csspart body - The scrolling, focusable document text.
 * @csspart key-clause - An emphasised key clause.
 * @csspart heading-block - A heading inside the document text.
 * @csspart change-badge - "New" / "Changed" beside a heading after an update.
 * @csspart end-marker - The end-of-document line.
 * @csspart dwell - The reading countdown (`require="dwell"`).
 * @csspart key-clauses - The key-clause navigator.
 * @csspart footer - Status and buttons.
 * @csspart status - What is left before accepting.
 * @csspart decline-button - Decline.
 * @csspart decline-notice - What declining an agreement means, said once before it is recorded.
 * @csspart confirm-decline-button - Still decline (records the decline and closes the dialog).
 * @csspart read-again-button - Back to the documents.
 * @csspart accept-button - Accept (or acknowledge a minor update).
 *
 * @cssproperty [--assent-dialog-width=42rem] - Width of the dialog (it goes full screen under 600px).
 * @cssproperty [--assent-dialog-max-height=min(90dvh, 52rem)] - Maximum height.
 * @cssproperty [--assent-dialog-background=var(--assent-color-surface)] - Surface colour (`--assent-color-surface-dark` in dark mode).
 * @cssproperty [--assent-dialog-color=var(--assent-color-text)] - Text colour (`--assent-color-text-dark` in dark mode).
 * @cssproperty [--assent-dialog-accent=var(--assent-color-accent)] - Accent: buttons, progress, key clauses.
 * @cssproperty [--assent-dialog-border=var(--assent-color-border)] - Borders and separators.
 * @cssproperty [--assent-dialog-radius=var(--assent-radius)] - Corner radius.
 * @cssproperty [--assent-dialog-backdrop=rgb(0 0 0 / 0.5)] - Backdrop colour.
 * @cssproperty [--assent-key-clause-background] - Tint behind key clauses.
 * @cssproperty [--assent-font-family=inherit] - Font.
 *
 * @event agreement-request-close - Before closing without a decision, when the person asks for it: Escape (`detail.source` `keyboard`), the close button (`close-button`) or a click on the backdrop (`backdrop`). Cancelable; Escape is advisory: browsers may force the close on a repeated press. Not sent for `hide()` or `open = false`: the host asked itself.
 * @event agreement-accept - The documents were accepted; `detail.receipt` is the signed receipt when one could be made.
 * @event agreement-decline - The documents were declined; `detail.receipt` as above (unless `no-decline-receipt`).
 * @event agreement-documents-change - The documents or their titles/versions changed or finished loading; `detail.documents` lists their ids.
 * @fires receipt-created - A receipt for a decision made here was signed and stored in the outbox; `detail: { id, receipt }`.
 * @fires receipt-delivered - That receipt reached the backend (2xx); dispatched here while this element is connected, else on `document`.
 * @fires receipt-delivery-failed - That receipt could not be delivered after its attempts, or was dropped; `detail.error` says why.
 * @fires assent-error - A document failed to load (`document-load-failed`), the dialog could not open (`dialog-open-failed`), or no receipt could be signed (e.g. `insecure-context`); `detail: { code, message }`.
 */
export class AgreementDialog extends LitElement {
  static override styles = agreementDialogStyles;

  /** Open state; setting it opens or closes the dialog like `show()` / `hide()`. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** Default reading requirement for documents that do not set their own. */
  @property() require: ReadRequirement = 'scroll';
  /** Default seconds of reading for `require="dwell"`. */
  @property({ type: Number }) dwell = 5;
  /** Receipt endpoint for this dialog's decisions (overrides the page configuration). */
  @property() endpoint = '';
  /** Do not make receipts for declines (they are recorded by default). */
  @property({ type: Boolean, attribute: 'no-decline-receipt' }) noDeclineReceipt = false;
  /**
   * What cannot be used without the documents, said once when the person declines (e.g. 「不同意将无法注册账号」).
   * Declining an agreement asks once more, with this text: read again, or still decline (the dialog
   * closes; the page stays). Separate consents are declined at once: refusing them blocks nothing.
   */
  @property({ attribute: 'decline-notice' }) declineNotice = '';
  /** Do not open by itself when a document accepted earlier has a new version. */
  @property({ type: Boolean, attribute: 'no-update-check' }) noUpdateCheck = false;
  /** `light` or `dark` forces a theme; empty follows `prefers-color-scheme`. */
  @property({ reflect: true }) theme: '' | 'light' | 'dark' = '';
  /** Documents given as parsed models, in addition to `<policy-document>` children. */
  @property({ attribute: false }) documents: PolicyDocument[] = [];

  @state() private activeId = '';
  @state() private scope: string[] | undefined;
  @state() private mode: Mode = 'decide';
  @state() private busy = false;
  /** The person pressed 「不同意」 on an agreement: the dialog says once what that means. */
  @state() private declining = false;
  @state() private clauseIndex = new Map<string, number>();
  @query('dialog') private dialog!: HTMLDialogElement;

  private readonly localize = new LocalizeController(this, agreementStrings);
  private readonly decisions = new DecisionsController(this);
  private readonly reading = new ReadProgressController(this, {
    // Only a dwell countdown on screen changes with the clock; otherwise ticks re-render nothing.
    tickUpdates: () => this.countingDown,
    onEnd: () => this.endReached(),
  });
  /** The last render showed a dwell countdown (the next clock tick re-renders). */
  private countingDown = false;
  private readonly renderer = new DocumentRenderer();
  private readonly docs = new DocumentsController(this, {
    models: () => this.documents,
    onSettled: () => {
      this.prepareOpen();
      this.checkForUpdates();
    },
  });
  private purpose: string | undefined;
  private actor: ReceiptActor | undefined;
  private readonly modal = new ModalController(this, {
    dialog: () => this.dialog,
    onEscape: () => this.requestClose('keyboard'),
    onForcedClose: () => {
      if (this.open) this.open = false;
    },
  });
  private requestedOpener: HTMLElement | undefined;
  private pending: ((result: AgreementDecisionResult) => void) | undefined;
  private changes = new Map<string, SectionChanges | undefined>();

  /** Cancels the preparation of the first open at idle time (`prepareOpen`). */
  private cancelPrepare: (() => void) | undefined;
  /** The language whose `OPEN_STRINGS` were translated ahead. */
  private preparedStrings = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.prepareOpen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancelPrepare?.();
    this.cancelPrepare = undefined;
  }

  /** Resolves once every document has loaded (or failed to). */
  get documentsReady(): Promise<void> {
    return this.docs.settled;
  }

  /** Ids of documents accepted earlier in another version (the dialog asks about these by itself). */
  get pendingUpdates(): string[] {
    return this.docs.entries.filter((entry) => this.docs.isUpdated(entry)).map((entry) => entry.id);
  }

  /**
   * True when this browser accepted the current version of each listed document (default: all of the
   * dialog's documents), and the same text once it has loaded. False for an empty list, an unknown id
   * or a document without a version. For a page that asks itself whether to show the dialog.
   */
  isAccepted(ids?: readonly string[]): boolean {
    return this.docs.isAccepted(ids);
  }

  /** Id, title, version of document `id` (titles and versions are known before the text has loaded). */
  documentInfo(id: string): AgreementDocumentInfo | undefined {
    const entry = this.docs.find(id);
    if (!entry) return undefined;
    return {
      id,
      title: this.docs.titleOf(entry),
      version: this.docs.versionOf(entry),
      sha256: entry.policy?.sha256,
      status: entry.status,
    };
  }

  /** What is known about how document `id` was read on this page. */
  readEvidence(id: string): ReadEvidence {
    const entry = this.docs.find(id);
    const read = this.reading.state(this.docs.readKey(entry ?? { id }));
    const total = entry?.policy?.keyClauses.length ?? 0;
    return {
      reachedEnd: read.reachedEnd,
      dwellMs: Math.max(0, Math.round(read.dwellMs)),
      keyClausesSeen: read.keyClausesSeen.length,
      keyClausesTotal: total,
      keyClauseIds: read.keyClausesSeen,
    };
  }

  /** Opens the dialog (on document `options.document`); resolves once it is shown. */
  async show(options: AgreementRequestOptions = {}): Promise<void> {
    this.purpose = options.purpose;
    this.actor = options.actor;
    this.declining = false;
    this.requestedOpener = options.opener;
    if (options.documents) this.scope = [...options.documents];
    else if (this.mode === 'decide') this.scope = undefined;
    const inScope = this.scopeEntries();
    if (options.document && inScope.some((e) => e.id === options.document)) this.activeId = options.document;
    else if (!inScope.some((e) => e.id === this.activeId)) this.activeId = inScope[0]?.id ?? '';
    if (this.open && this.dialog?.open) {
      await this.updateComplete;
      this.focusActiveBody();
      return;
    }
    this.open = true;
    await this.updateComplete;
  }

  /**
   * Closes the dialog without a decision, unconditionally (no `agreement-request-close`: the caller is
   * the host, which needs no asking); resolves once it is hidden. A pending `requestDecision()` resolves
   * as `dismissed`; nothing is recorded.
   */
  async hide(): Promise<void> {
    if (!this.open && !this.dialog?.open) return;
    this.open = false;
    await this.updateComplete;
  }

  /** Opens the dialog and resolves with the person's decision (and the receipt, when one was made). */
  requestDecision(options: AgreementRequestOptions = {}): Promise<AgreementDecisionResult> {
    this.mode = 'decide';
    this.pending?.({ decision: 'dismissed', documents: [] });
    return new Promise((resolve) => {
      this.pending = resolve;
      void this.show({ ...options, documents: options.documents ?? this.docs.entries.map((e) => e.id) });
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('documents')) this.docs.collect();
    if (changed.has('open') && this.open) {
      const inScope = this.scopeEntries();
      if (!inScope.some((e) => e.id === this.activeId)) this.activeId = inScope[0]?.id ?? '';
    }
    if (changed.has('open') && !this.open && changed.get('open') === true && this.mode === 'update') {
      this.mode = 'decide';
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.view) this.renderFooter(this.view);
    if (changed.has('open')) {
      if (this.open) this.openDialog();
      else this.closeDialog();
    }
    this.trackRendered();
  }

  // ---- documents ----

  private requirementOf(entry: DocumentEntry): ReadRequirement {
    if (this.mode === 'update' && this.isMinorOnly()) return 'none';
    const own = entry.element?.getAttribute('require');
    const value = own || this.require || 'scroll';
    return value === 'dwell' || value === 'none' ? value : 'scroll';
  }

  private dwellSecondsOf(entry: DocumentEntry): number {
    const own = Number(entry.element?.getAttribute('dwell'));
    if (Number.isFinite(own) && own > 0) return own;
    return Number.isFinite(this.dwell) && this.dwell > 0 ? this.dwell : 5;
  }

  private changeLevelOf(entry: DocumentEntry): ChangeLevel {
    return entry.element?.getAttribute('change') === 'minor' ? 'minor' : 'major';
  }

  private scopeEntries(): DocumentEntry[] {
    return this.docs.select(this.scope);
  }

  private isMinorOnly(): boolean {
    const entries = this.scopeEntries();
    return entries.length > 0 && entries.every((entry) => this.changeLevelOf(entry) === 'minor');
  }

  /** Opens in "updated" mode when documents accepted earlier changed; once per set of versions and page. */
  private checkForUpdates(): void {
    if (this.noUpdateCheck || this.open) return;
    const updates = this.docs.takeUpdates();
    if (!updates) return;
    this.changes = updates.changes;
    this.mode = 'update';
    void this.show({ documents: updates.ids });
  }

  /**
   * Does at idle time, before the dialog opens, what its first render would otherwise pay for: a
   * locale's first `Intl.DateTimeFormat` (effective dates) or `Intl.ListFormat` (several titles) costs
   * 20–70 ms of ICU data, and the first translations through i18next are its slowest.
   */
  private prepareOpen(): void {
    if (this.cancelPrepare || this.open) return;
    this.cancelPrepare = whenIdle(() => {
      this.cancelPrepare = undefined;
      if (this.open || !this.isConnected) return;
      const lang = this.localize.lang;
      if (this.preparedStrings !== lang) {
        this.preparedStrings = lang;
        for (const key of OPEN_STRINGS) this.localize.t(key);
      }
      const entries = this.docs.entries;
      if (entries.some((entry) => this.docs.effectiveDateOf(entry))) dateFormat(lang);
      if (entries.length > 1) listFormat(lang);
    });
  }

  // ---- open / close ----

  private openDialog(): void {
    const dialog = this.dialog;
    if (!dialog || dialog.open) return;
    const opener = this.requestedOpener;
    this.requestedOpener = undefined;
    try {
      this.modal.open({ opener });
    } catch (error) {
      reportError('dialog-open-failed', String(error), this, error);
      this.open = false;
      return;
    }
    this.reading.setActive(this.activeReadKey());
    this.focusActiveBody();
  }

  private closeDialog(): void {
    this.reading.setActive(undefined);
    this.modal.close();
    const pending = this.pending;
    this.pending = undefined;
    pending?.({ decision: 'dismissed', documents: [] });
  }

  /** Asks to close without deciding; the host may cancel `agreement-request-close`. */
  private requestClose(source: AgreementRequestCloseDetail['source']): void {
    if (this.busy) return;
    if (!emit(this, 'agreement-request-close', { source }, { cancelable: true })) return;
    void this.hide();
  }

  /** Where the last press started: a click counts as on the backdrop only when it started there too (not a text selection dragged out). */
  private pressedBackdrop = false;

  private onDialogPointerDown(event: PointerEvent): void {
    this.pressedBackdrop = this.isBackdropPoint(event);
  }

  /** A click on the backdrop asks to close, like the close button (the host may cancel it). */
  private onDialogClick(event: MouseEvent): void {
    const started = this.pressedBackdrop;
    this.pressedBackdrop = false;
    if (started && this.isBackdropPoint(event)) this.requestClose('backdrop');
  }

  /** The backdrop belongs to the `<dialog>` itself: its events target it, outside its box. */
  private isBackdropPoint(event: MouseEvent): boolean {
    if (event.target !== this.dialog || !this.dialog.open) return false;
    const box = this.dialog.getBoundingClientRect();
    return (
      event.clientX < box.left ||
      event.clientX > box.right ||
      event.clientY < box.top ||
      event.clientY > box.bottom
    );
  }

  private activeReadKey(): string | undefined {
    const entry = this.docs.find(this.activeId);
    return entry && this.open ? this.docs.readKey(entry) : undefined;
  }

  private focusActiveBody(): void {
    const body = this.renderRoot.querySelector<HTMLElement>(`[data-body="${CSS.escape(this.activeId)}"]`);
    body?.focus({ preventScroll: true });
  }

  // ---- reading ----

  /**
   * A document's end was reached: with one document only the footer shows it (status line, Accept),
   * so only the footer is rendered; tabs carry a read mark per document, so several re-render all.
   */
  private endReached(): void {
    if (this.isUpdatePending || this.scopeEntries().length !== 1) this.requestUpdate();
    else this.renderFooter(this.currentView());
  }

  /** Renders the footer's status line and buttons into the `<footer>` of the last update. */
  private renderFooter(view: DialogView): void {
    const footer = this.renderRoot.querySelector<HTMLElement>('footer[part="footer"]');
    if (footer) render(renderFooter(view), footer, { host: this });
  }

  private trackRendered(): void {
    for (const entry of this.scopeEntries()) {
      const panel = this.panelOf(entry.id);
      const scroller = panel?.querySelector<HTMLElement>('[data-body]');
      const endMarker = panel?.querySelector<HTMLElement>('.end-marker');
      const rendered = entry.policy && this.renderer.get(entry.policy);
      // A text still being built has no end marker yet: nothing of it is watched until it is whole.
      if (!scroller || !endMarker || !rendered?.complete || entry.status !== 'ready') continue;
      const progressBar = panel!.querySelector('progress') ?? undefined;
      const { keyClauses, progressMarks } = rendered;
      this.reading.track(this.docs.readKey(entry), {
        scroller,
        endMarker,
        keyClauses,
        progressMarks,
        progressBar,
      });
    }
    this.reading.setActive(this.activeReadKey());
  }

  private panelOf(id: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[data-panel="${CSS.escape(id)}"]`);
  }

  private dwellRemaining(entry: DocumentEntry): number {
    const read = this.reading.state(this.docs.readKey(entry));
    return Math.max(0, Math.ceil((this.dwellSecondsOf(entry) * 1000 - read.dwellMs) / 1000));
  }

  private requirementMet(entry: DocumentEntry): boolean {
    if (entry.status !== 'ready') return false;
    const requirement = this.requirementOf(entry);
    if (requirement === 'none') return true;
    if (requirement === 'dwell') return this.dwellRemaining(entry) === 0;
    return this.reading.state(this.docs.readKey(entry)).reachedEnd;
  }

  /** True when every document in view is loaded and read as required. */
  get canAccept(): boolean {
    const entries = this.scopeEntries();
    return entries.length > 0 && entries.every((entry) => this.requirementMet(entry));
  }

  // ---- decisions ----

  private async onAccept(): Promise<void> {
    if (this.busy) return;
    if (!this.canAccept) {
      // The button explains what is left; pressing it goes to the first document still to read.
      const unread = this.scopeEntries().find((entry) => !this.requirementMet(entry));
      if (unread) this.selectTab(unread.id, true);
      return;
    }
    const minor = this.mode === 'update' && this.isMinorOnly();
    await this.decide(
      'accepted',
      minor ? 'acknowledge' : 'accept',
      this.localize.t(minor ? 'dialog.acknowledge' : 'dialog.accept'),
    );
  }

  private async onDecline(): Promise<void> {
    if (this.busy) return;
    if (!this.purpose && this.mode === 'decide') {
      // An agreement: say once what declining means, and let the person choose again.
      this.declining = true;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="read-again-button"]')?.focus();
      return;
    }
    await this.decide('declined', 'decline', this.localize.t('dialog.decline'));
  }

  private async onReadAgain(): Promise<void> {
    this.declining = false;
    await this.updateComplete;
    this.focusActiveBody();
  }

  private async onConfirmDecline(): Promise<void> {
    if (this.busy) return;
    this.declining = false;
    await this.decide('declined', 'decline', this.localize.t('dialog.confirmDecline'));
  }

  private async decide(decision: 'accepted' | 'declined', action: string, label: string): Promise<void> {
    const entries = this.scopeEntries().filter((entry) => entry.status === 'ready' && entry.policy);
    const ids = entries.map((entry) => entry.id);
    const purpose = this.purpose;
    const documents: ReceiptDocument[] = entries.map((entry) => ({
      id: entry.id,
      version: this.docs.versionOf(entry),
      title: this.docs.titleOf(entry),
      sha256: entry.policy!.sha256,
      read: this.readEvidence(entry.id),
    }));
    this.busy = true;
    const { receipt } = await this.decisions.record({
      element: 'agreement-dialog',
      decision,
      actor: this.actor,
      update: this.mode === 'update' && action === 'acknowledge',
      action,
      label,
      locale: this.localize.lang,
      documents: documents.map((document, index) => ({ ...document, policy: entries[index]!.policy })),
      purpose,
      endpoint: this.endpoint,
      target: this,
      receipt: decision === 'accepted' || !this.noDeclineReceipt,
      timeoutMs: RECEIPT_TIMEOUT_MS,
    });
    this.busy = false;
    const pending = this.pending;
    this.pending = undefined;
    await this.hide();
    const detail = {
      decision,
      documents: ids,
      receipt: receipt?.jws ?? undefined,
      receiptId: receipt?.id,
    };
    emit(this, decision === 'accepted' ? 'agreement-accept' : 'agreement-decline', detail);
    pending?.(detail);
  }

  // ---- navigation ----

  private selectTab(id: string, focusBody = false): void {
    this.activeId = id;
    void this.updateComplete.then(() => {
      this.reading.setActive(this.activeReadKey());
      if (focusBody) this.focusActiveBody();
    });
  }

  private onTabKeydown(event: KeyboardEvent): void {
    const entries = this.scopeEntries();
    const index = entries.findIndex((entry) => entry.id === this.activeId);
    let next = -1;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = (index + 1) % entries.length;
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp')
      next = (index - 1 + entries.length) % entries.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = entries.length - 1;
    if (next < 0) return;
    event.preventDefault();
    this.selectTab(entries[next].id);
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-tab="${CSS.escape(entries[next].id)}"]`)?.focus(),
    );
  }

  /** Steps the key-clause navigator of the active document by `delta` and brings that clause into view. */
  stepKeyClause(delta: number): void {
    const entry = this.docs.find(this.activeId);
    const clauses = entry?.policy?.keyClauses ?? [];
    if (!entry || !clauses.length) return;
    const current = this.clauseIndex.get(entry.id) ?? -1;
    const next =
      current < 0
        ? delta > 0
          ? 0
          : clauses.length - 1
        : (current + delta + clauses.length) % clauses.length;
    this.clauseIndex = new Map(this.clauseIndex).set(entry.id, next);
    const element = this.builtElement(entry, `[data-clause-id="${CSS.escape(clauses[next].id)}"]`);
    if (!element) return;
    // A long text is laid out by chunk as it comes into view: chunks laid out during a smooth scroll
    // change their height and move the target away from where the scroll was aimed. Jump there instead.
    const smooth =
      !matchMedia('(prefers-reduced-motion: reduce)').matches && !element.closest('.content.long');
    element.focus({ preventScroll: true });
    this.scrollToBuilt(() =>
      element.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' }),
    );
  }

  private goToAnchor(event: Event, id: string): void {
    event.preventDefault();
    const entry = this.docs.find(this.activeId);
    const target = entry
      ? this.builtElement(entry, `#${CSS.escape(id)}`)
      : this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    if (!target) return;
    target.focus({ preventScroll: true });
    this.scrollToBuilt(() => target.scrollIntoView({ block: 'start' }));
  }

  /**
   * The element `selector` finds in document `entry`'s panel; a text still being built in slices is
   * finished first when it is not there yet (a clause or heading further on than the slices have come).
   */
  private builtElement(entry: DocumentEntry, selector: string): HTMLElement | null {
    const panel = this.panelOf(entry.id);
    const found = panel?.querySelector<HTMLElement>(selector);
    if (found || !entry.policy) return found ?? null;
    const rendered = this.renderer.get(entry.policy);
    if (!rendered || rendered.complete) return null;
    rendered.finish();
    this.finishedForJump = true;
    return panel?.querySelector<HTMLElement>(selector) ?? null;
  }

  /** `builtElement` just finished building the text (its chunks not through a frame yet). */
  private finishedForJump = false;

  /**
   * Scrolls now, or on the next frame when the text was finished for this jump: Firefox places a
   * target among chunks that have never been through a frame by their estimated heights, and misses it.
   */
  private scrollToBuilt(scroll: () => void): void {
    if (!this.finishedForJump) return scroll();
    this.finishedForJump = false;
    requestAnimationFrame(scroll);
  }

  // ---- rendering ----

  private formatDate(iso: string): string {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!match) return iso;
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return dateFormat(this.localize.lang).format(date);
  }

  /** 「《A》、《B》和《C》」 / "A, B, and C": the locale's own list, spaces included. */
  private formatList(items: string[]): string {
    // One item needs no list format (whose first use loads the locale's data).
    return items.length === 1 ? items[0]! : listFormat(this.localize.lang).format(items);
  }

  private titleList(entries: DocumentEntry[]): string {
    return this.formatList(
      entries.map((entry) => this.localize.t('checkbox.documentTitle', { title: this.docs.titleOf(entry) })),
    );
  }

  /** The sentence under the buttons: why Accept is not available yet, or that everything is read. */
  private statusText(): string {
    const entries = this.scopeEntries();
    if (entries.some((entry) => entry.status === 'loading'))
      return this.localize.t('dialog.remainingLoading');
    const failed = entries.find((entry) => entry.status === 'error');
    if (failed) return this.localize.t('dialog.loadFailed', { title: this.docs.titleOf(failed) });
    const unread = entries.filter((entry) => !this.requirementMet(entry));
    if (!unread.length)
      return this.mode === 'update' && this.isMinorOnly() ? '' : this.localize.t('dialog.ready');
    const active = unread.find((entry) => entry.id === this.activeId);
    if (unread.length === 1 && active && this.requirementOf(active) === 'dwell') {
      return this.localize.t('dialog.remainingDwell', { seconds: this.dwellRemaining(active) });
    }
    return this.localize.t('dialog.remainingRead', { documents: this.titleList(unread) });
  }

  /** What the controls of the template call: one object, so re-renders keep the same listeners. */
  private readonly handlers: DialogView['on'] = {
    requestClose: (source) => this.requestClose(source),
    dialogPointerDown: (event) => this.onDialogPointerDown(event),
    dialogClick: (event) => this.onDialogClick(event),
    accept: () => void this.onAccept(),
    decline: () => void this.onDecline(),
    confirmDecline: () => void this.onConfirmDecline(),
    readAgain: () => void this.onReadAgain(),
    selectTab: (id) => this.selectTab(id),
    tabKeydown: (event) => this.onTabKeydown(event),
    stepKeyClause: (delta) => this.stepKeyClause(delta),
    goToAnchor: (event, id) => this.goToAnchor(event, id),
    // The end marker is rendered, and the text watched, from the next update on.
    documentBuilt: () => this.requestUpdate(),
  };

  /** The view the last render used (its footer is rendered from it in `updated`). */
  private view: DialogView | undefined;

  override render() {
    const entries = this.scopeEntries();
    this.countingDown = entries.some((e) => this.requirementOf(e) === 'dwell' && !this.requirementMet(e));
    this.view = this.currentView(entries);
    return renderDialog(this.view);
  }

  /** What the templates see of the dialog now. */
  private currentView(entries = this.scopeEntries()): DialogView {
    return {
      t: (key, vars) => this.localize.t(key, vars),
      lang: this.localize.lang,
      open: this.open,
      mode: this.mode,
      entries,
      activeId: this.activeId,
      busy: this.busy,
      declining: this.declining,
      declineNotice: this.declineNotice,
      minorOnly: this.mode === 'update' && this.isMinorOnly(),
      canAccept: this.canAccept,
      status: this.statusText(),
      changes: this.changes,
      docs: this.docs,
      renderer: this.renderer,
      read: (entry) => this.reading.state(this.docs.readKey(entry)),
      requirementOf: (entry) => this.requirementOf(entry),
      requirementMet: (entry) => this.requirementMet(entry),
      dwellRemaining: (entry) => this.dwellRemaining(entry),
      clauseIndex: (id) => this.clauseIndex.get(id) ?? -1,
      formatDate: (iso) => this.formatDate(iso),
      formatList: (items) => this.formatList(items),
      on: this.handlers,
    };
  }
}
