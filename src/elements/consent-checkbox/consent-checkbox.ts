import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { classMap } from 'lit/directives/class-map.js';
import {
  agreementStore,
  holdsConsent,
  type ConsentQuestion,
  type DocumentVersionRef,
} from '../../consent/agreements.js';
import { CHILDREN_PURPOSE, DEFAULT_MINOR_AGE, deciderFor } from '../../consent/guardian.js';
import type { ReceiptActor, ReceiptDocument } from '../../receipt/types.js';
import { FloatingHintController } from '../../controllers/floating-hint.js';
import { DecisionsController } from '../../controllers/decisions.js';
import { LocalizeController } from '../../controllers/localize.js';
import { reportError } from '../../events/events.js';
import { agreementStrings } from '../../i18n/resources/agreement.js';
import type { AgreementDialog } from '../agreement-dialog/agreement-dialog.js';
import type { PolicyDocumentElement } from '../policy-document/policy-document.js';
import { consentCheckboxStyles } from './consent-checkbox.styles.js';

interface NamedDocument {
  id: string;
  title: string;
  version: string;
  sha256?: string;
}

const PLACEHOLDER = '\u0001';
/** The separate consent a guardian gives to the children's personal-information rules. */
/** How long a click waits for `<agreement-dialog>` to be defined (its script may load after this one). */
const DIALOG_DEFINE_TIMEOUT_MS = 3000;

/**
 * @tagname consent-checkbox
 * @summary 「我已阅读并同意《用户协议》和《隐私政策》」: a form control that records agreement to documents.
 *
 * Names its documents (`documents`, ids of `<policy-document>`s) and its `<agreement-dialog>` (`dialog`).
 * The titles in the sentence open the dialog on that document. With `must-read`, ticking the box opens
 * the dialog while the documents are unread, and the box is ticked only by accepting there. It is
 * never pre-ticked: `checked` is honoured only when this browser accepted the same versions before.
 * `separate` + `purpose` make a PIPL separate consent that yields its own receipt.
 *
 * Minors (PIPL art. 31): with `birthdate-input` (the id of the form's `<input type="date">`) the box
 * asks for the date of birth first. Under `minor-age` (default 14) it becomes the guardian's box: the
 * sentence speaks to the parent or guardian, ticking opens the dialog on the documents and then, as a
 * document of its own, on the children's personal-information rules (`guardian-documents`) for the
 * separate consent `children`; every receipt carries `actor: "guardian"`.
 *
 * @slot - Replaces the agreement sentence.
 *
 * @csspart base - The box and sentence.
 * @csspart control - The native checkbox.
 * @csspart label - The sentence.
 * @csspart document-link - A document title in the sentence (a button opening the dialog).
 * @csspart hint - The floating validity message.
 *
 * @cssproperty [--assent-checkbox-accent=var(--assent-color-accent)] - Colour of the ticked box and links.
 * @cssproperty [--assent-checkbox-size=1.1em] - Size of the box.
 * @cssproperty [--assent-checkbox-gap=0.5em] - Space between box and sentence.
 * @cssproperty [--assent-checkbox-color=var(--assent-color-text)] - Text colour.
 * @cssproperty [--assent-hint-background=var(--assent-color-danger)] - Background of the validity hint.
 * @cssproperty [--assent-hint-color=#fff] - Text colour of the validity hint.
 *
 * @event change - The person ticked or unticked the box (bubbles, like a native checkbox).
 * @event invalid - Validation failed (`required` and unticked); the floating hint is shown instead of the browser's bubble.
 * @event input - The person ticked or unticked the box (bubbles and is composed, before `change`).
 * @fires receipt-created - A receipt for a direct tick, untick or separate consent was signed and stored in the outbox; `detail: { id, receipt }`.
 * @fires receipt-delivered - That receipt reached the backend (2xx); dispatched here while this element is connected, else on `document`.
 * @fires receipt-delivery-failed - That receipt could not be delivered after its attempts, or was dropped; `detail.error` says why.
 * @fires assent-error - The named dialog is missing (`invalid-config`) or no receipt could be signed (e.g. `insecure-context`); `detail: { code, message }`.
 */
export class ConsentCheckbox extends LitElement {
  static formAssociated = true;
  static override styles = consentCheckboxStyles;

  private readonly internals: ElementInternals;
  private readonly localize = new LocalizeController(this, agreementStrings);
  private readonly hint = new FloatingHintController(this, { placement: 'bottom-start' });
  private readonly decisions = new DecisionsController(this);

  /** Space-separated ids of the `<policy-document>`s this box agrees to. */
  @property({ reflect: true }) documents = '';
  /** Id of the `<agreement-dialog>` that shows the documents. */
  @property({ reflect: true }) dialog = '';
  /** Name under which the value is submitted with the form. */
  @property({ reflect: true }) name = '';
  /** Value submitted when checked. */
  @property() value = 'on';
  /** Blocks form submission until checked. */
  @property({ type: Boolean, reflect: true }) required = false;
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** Ticking opens the dialog first while the documents are unread; the box is ticked by accepting there. */
  @property({ type: Boolean, reflect: true, attribute: 'must-read' }) mustRead = false;
  /** A PIPL separate consent (单独同意) for `purpose`: never bundled with the main agreement, its own receipt. */
  @property({ type: Boolean, reflect: true }) separate = false;
  /** Purpose id of a separate consent (`sensitive`, `third-party`, `cross-border`, `public`, `marketing` have bundled wording). */
  @property({ reflect: true }) purpose = '';
  /** Wording of a purpose without bundled strings. */
  @property({ attribute: 'purpose-label' }) purposeLabel = '';
  /** Id of the `<input type="date">` holding the date of birth: the box asks for it first and decides who consents. */
  @property({ attribute: 'birthdate-input', reflect: true }) birthdateInput = '';
  /** Below this age (in full years) a parent or guardian consents (PIPL art. 31: 14). */
  @property({ type: Number, attribute: 'minor-age', reflect: true }) minorAge = DEFAULT_MINOR_AGE;
  /** Ids of the children's personal-information rules (儿童个人信息保护规则) the guardian reads and separately consents to. */
  @property({ attribute: 'guardian-documents', reflect: true }) guardianDocuments = '';
  /** Receipt endpoint for this box's decisions (overrides the page configuration). */
  @property() endpoint = '';
  /** `light` or `dark` forces a theme; empty follows `prefers-color-scheme`. */
  @property({ reflect: true }) theme: '' | 'light' | 'dark' = '';
  /**
   * The `checked` attribute: honoured only when this browser already accepted the same versions of the
   * documents (or gave this separate consent). Consent boxes are never pre-ticked otherwise.
   */
  @property({ type: Boolean, attribute: 'checked' }) defaultChecked = false;

  @state() private isOn = false;
  @state() private formDisabled = false;
  @state() private hintShown = false;
  @state() private attention = false;
  @state() private hintMessage = 'checkbox.required';
  @query('input') private input!: HTMLInputElement;
  @query('.hint') private hintElement!: HTMLElement;

  private initialised = false;
  private unsubscribe: (() => void) | undefined;
  /** Who decided when the box was last rendered: a new date of birth that changes it unticks the box. */
  private lastDecider: ReceiptActor | undefined;

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.addEventListener('invalid', (event) => this.onInvalid(event));
  }

  /** Whether the person has agreed. Setting `true` works only for a stored acceptance of the same versions. */
  get checked(): boolean {
    return this.isOn;
  }

  set checked(value: boolean) {
    this.isOn = !!value && this.hasStoredAcceptance();
  }

  /** Alias of `checked`. */
  get isChecked(): boolean {
    return this.isOn;
  }

  /**
   * The form this box belongs to. Assigning sets the `form` attribute (the id of a form to join), as
   * frameworks do with a `form` prop; a getter alone would make that assignment throw.
   */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  set form(id: string | null) {
    if (id === null) this.removeAttribute('form');
    else this.setAttribute('form', String(id));
  }

  get validity(): ValidityState {
    return this.internals.validity;
  }

  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  get willValidate(): boolean {
    return this.internals.willValidate;
  }

  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  /** Validates and, when invalid, shows the floating hint next to the box. */
  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('agreement-documents-change', this.onDocumentsChange);
    document.addEventListener('input', this.onBirthDateInput, true);
    this.unsubscribe = agreementStore().subscribe(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.hideHint();
    document.removeEventListener('agreement-documents-change', this.onDocumentsChange);
    document.removeEventListener('input', this.onBirthDateInput, true);
    this.unsubscribe?.();
  }

  formResetCallback(): void {
    this.hideHint();
    this.isOn = this.defaultChecked && this.hasStoredAcceptance();
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  /** Restores a ticked box (back/forward, session restore) only for a stored acceptance of the same versions. */
  formStateRestoreCallback(stateValue: string | File | FormData | null): void {
    this.isOn = stateValue === 'checked' && this.hasStoredAcceptance();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.initialised) {
      this.initialised = true;
      this.isOn = this.defaultChecked && this.hasStoredAcceptance();
    } else if (changed.has('defaultChecked') && !this.isOn && this.defaultChecked) {
      this.isOn = this.hasStoredAcceptance();
    }
  }

  protected override updated(): void {
    this.internals.setFormValue(this.isOn ? this.value : null, this.isOn ? 'checked' : null);
    if (this.required && !this.isOn) {
      this.internals.setValidity({ valueMissing: true }, this.localize.t('checkbox.required'), this.input);
    } else {
      this.internals.setValidity({});
    }
    if (this.isOn && this.hintShown) this.hideHint();
  }

  // ---- documents ----

  /** The documents the sentence names: the guardian also reads the children's rules. */
  private documentIds(): string[] {
    const own = this.ownDocumentIds();
    return this.guardianFlow() ? [...own, ...this.guardianDocumentIds()] : own;
  }

  /** The guardian's agreement flow; a separate consent stays one question, answered by the guardian. */
  private guardianFlow(): boolean {
    return !this.separate && this.decider() === 'guardian';
  }

  private ownDocumentIds(): string[] {
    return this.documents.split(/\s+/).filter(Boolean);
  }

  private guardianDocumentIds(): string[] {
    return this.guardianDocuments.split(/\s+/).filter(Boolean);
  }

  // ---- minors ----

  private birthDateField(): HTMLInputElement | undefined {
    if (!this.birthdateInput) return undefined;
    const root = this.getRootNode() as Document | ShadowRoot;
    const found = root.getElementById?.(this.birthdateInput) ?? document.getElementById(this.birthdateInput);
    return found instanceof HTMLInputElement ? found : undefined;
  }

  /** `self` without a date-of-birth field; from the field: `guardian` under `minor-age`, undefined until it holds a real date. */
  private decider(): ReceiptActor | undefined {
    if (!this.birthdateInput) return 'self';
    const field = this.birthDateField();
    return field ? deciderFor(field.value, this.minorAge) : undefined;
  }

  private readonly onBirthDateInput = (event: Event): void => {
    if (!this.birthdateInput || event.composedPath()[0] !== this.birthDateField()) return;
    const decider = this.decider();
    if (decider === this.lastDecider) return;
    this.lastDecider = decider;
    // The box was ticked for another person deciding: that consent is not this one.
    if (this.isOn) {
      this.isOn = false;
      this.fireChange(true);
    }
    this.requestUpdate();
  };

  private findDialog(): AgreementDialog | undefined {
    if (!this.dialog) return undefined;
    const root = this.getRootNode() as Document | ShadowRoot;
    const found = root.getElementById?.(this.dialog) ?? document.getElementById(this.dialog);
    return found?.localName === 'agreement-dialog' ? (found as AgreementDialog) : undefined;
  }

  private findPolicyElement(id: string): Element | undefined {
    const scope = this.findDialog() ?? document;
    return scope.querySelector(`policy-document[doc-id="${CSS.escape(id)}"]`) ?? undefined;
  }

  /** Titles and versions: from the dialog once it knows them, else the `<policy-document>` attributes. */
  private namedDocuments(): NamedDocument[] {
    const dialog = this.findDialog();
    return this.documentIds().map((id) => {
      const info = typeof dialog?.documentInfo === 'function' ? dialog.documentInfo(id) : undefined;
      if (info) return { id, title: info.title, version: info.version, sha256: info.sha256 };
      const element = this.findPolicyElement(id) ?? document.getElementById(id);
      return {
        id,
        title: element?.getAttribute('title') || id,
        version: element?.getAttribute('version') ?? '',
      };
    });
  }

  private hasStoredAcceptance(): boolean {
    return holdsConsent(agreementStore(), this.question());
  }

  private question(): ConsentQuestion {
    const documents: DocumentVersionRef[] = this.namedDocuments().map(({ id, version, sha256 }) => ({
      id,
      version,
      sha256,
    }));
    if (this.separate) return { flow: 'separate', purpose: this.purpose, documents };
    if (!this.guardianFlow()) return { flow: 'agreement', documents };
    const own = new Set(this.ownDocumentIds());
    return {
      flow: 'guardian',
      agreed: documents.filter((ref) => own.has(ref.id)),
      rules: documents.filter((ref) => !own.has(ref.id)),
    };
  }

  private readonly onDocumentsChange = (event: Event): void => {
    const dialog = this.findDialog();
    // Composed: a dialog inside a shadow root is retargeted by the time the event reaches `document`.
    if (!dialog || !event.composedPath().includes(dialog)) return;
    // A document changed (or its hash became known): an acceptance of other text no longer holds.
    if (this.isOn && !this.hasStoredAcceptance()) this.isOn = false;
    this.requestUpdate();
  };

  // ---- interaction ----

  private onControlClick(event: MouseEvent): void {
    const input = event.target as HTMLInputElement;
    this.hideHint();
    // The click has already toggled the box; `checked` is where it is going.
    if (input.checked && this.birthdateInput) {
      const decider = this.decider();
      if (decider === undefined) {
        // Who consents depends on the age: ask for the date of birth first.
        event.preventDefault();
        void this.showHint('checkbox.birthDateFirst');
        this.birthDateField()?.focus();
        return;
      }
      if (this.guardianFlow() && !this.hasStoredAcceptance()) {
        event.preventDefault();
        void this.askGuardian();
        return;
      }
    }
    if (input.checked && this.mustRead && this.documentIds().length && !this.hasStoredAcceptance()) {
      event.preventDefault();
      void this.askDialog();
    }
  }

  private onControlChange(event: Event): void {
    const input = event.target as HTMLInputElement;
    void this.setByPerson(input.checked);
  }

  private onControlKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.hintShown) {
      event.preventDefault();
      this.hideHint();
    }
  }

  /** Opens the dialog on the documents (on `document` first); ticks the box if the person accepts. */
  private async askDialog(document?: string): Promise<void> {
    const dialog = await this.dialogOrReport();
    if (!dialog) return;
    const result = await dialog.requestDecision({
      documents: this.documentIds(),
      document,
      purpose: this.separate ? this.purpose || undefined : undefined,
      ...(this.decider() === 'guardian' ? { actor: 'guardian' as const } : {}),
      opener: this.input,
    });
    if (result.decision === 'accepted' && !this.isOn) {
      this.isOn = true;
      this.fireChange(true);
    } else if (result.decision === 'declined' && this.isOn) {
      this.isOn = false;
      this.fireChange(true);
    }
  }

  /**
   * The guardian's flow: the documents first, then the children's rules as a document of their own
   * with the separate consent `children`; both recorded with `actor: "guardian"`. The box is ticked
   * only when the guardian accepted both.
   */
  private async askGuardian(): Promise<void> {
    const dialog = await this.dialogOrReport();
    if (!dialog) return;
    const rules = this.guardianDocumentIds();
    if (!rules.length) {
      reportError('invalid-config', '<consent-checkbox>: a guardian flow needs guardian-documents.', this);
      return;
    }
    const agreement = await dialog.requestDecision({
      documents: this.ownDocumentIds(),
      actor: 'guardian',
      opener: this.input,
    });
    if (agreement.decision !== 'accepted') return;
    const children = await dialog.requestDecision({
      documents: rules,
      purpose: CHILDREN_PURPOSE,
      actor: 'guardian',
      opener: this.input,
    });
    if (children.decision === 'accepted' && !this.isOn) {
      this.isOn = true;
      this.fireChange(true);
    }
  }

  /**
   * The dialog, once `<agreement-dialog>` is defined: its script may still be loading when the person
   * clicks. Waits a bounded time, then gives up (the caller reports the configuration error).
   */
  /** The dialog the box opens, or undefined after an `invalid-config` error saying it is missing. */
  private async dialogOrReport(): Promise<AgreementDialog | undefined> {
    const dialog = await this.definedDialog();
    if (!dialog)
      reportError(
        'invalid-config',
        `<consent-checkbox>: no <agreement-dialog id="${this.dialog}"> on the page.`,
        this,
      );
    return dialog;
  }

  private async definedDialog(): Promise<AgreementDialog | undefined> {
    const ready = (dialog: AgreementDialog | undefined) =>
      dialog && typeof dialog.requestDecision === 'function' ? dialog : undefined;
    const now = ready(this.findDialog());
    if (now || !this.dialog) return now;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const defined = await Promise.race([
      customElements.whenDefined('agreement-dialog').then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), DIALOG_DEFINE_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (!defined) return undefined;
    const dialog = this.findDialog();
    if (dialog) customElements.upgrade(dialog);
    return ready(dialog);
  }

  private openDocument(event: Event, id: string): void {
    event.preventDefault();
    event.stopPropagation();
    void this.askDialog(id);
  }

  /** A tick or untick made directly on the box: recorded as its own receipt. */
  private async setByPerson(checked: boolean): Promise<void> {
    this.isOn = checked;
    this.fireChange();
    const label = this.sentenceText();
    const [documents, policies] = await Promise.all([this.receiptDocuments(), this.loadedPolicies()]);
    await this.decisions.record({
      element: 'consent-checkbox',
      decision: checked ? 'accepted' : 'withdrawn',
      ...(this.decider() === 'guardian' ? { actor: 'guardian' as const } : {}),
      action: checked ? 'check' : 'uncheck',
      label,
      locale: this.localize.lang,
      documents: documents.map((document) => ({ ...document, policy: policies.get(document.id) })),
      separate: this.separate,
      purpose: (this.separate && this.purpose) || undefined,
      endpoint: this.endpoint,
      target: this,
    });
  }

  /** `change` from the host, like a native checkbox; `input` too when no native one crossed the shadow root. */
  private fireChange(withInput = false): void {
    if (withInput) this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  /** The documents with their hashes (waiting for them to load) and what is known of their reading. */
  private async receiptDocuments(): Promise<ReceiptDocument[]> {
    const dialog = this.findDialog();
    if (dialog?.documentsReady) await dialog.documentsReady;
    const policies = await this.loadedPolicies();
    return this.namedDocuments().flatMap((doc) => {
      const sha256 = doc.sha256 ?? policies.get(doc.id)?.sha256;
      if (!sha256) return [];
      const read =
        typeof dialog?.readEvidence === 'function'
          ? dialog.readEvidence(doc.id)
          : { reachedEnd: false, dwellMs: 0, keyClausesSeen: 0, keyClausesTotal: 0 };
      return [{ id: doc.id, version: doc.version, title: doc.title, sha256, read }];
    });
  }

  private async loadedPolicies() {
    const result = new Map<string, Awaited<ReturnType<PolicyDocumentElement['load']>>>();
    for (const id of this.documentIds()) {
      const element = this.findPolicyElement(id) as PolicyDocumentElement | undefined;
      if (!element || typeof element.load !== 'function') continue;
      try {
        result.set(id, await element.load());
      } catch {
        // The dialog reports load failures; the receipt lists what could be identified.
      }
    }
    return result;
  }

  // ---- validity hint ----

  private onInvalid(event: Event): void {
    // Our own hint replaces the browser's bubble (which cannot be styled, localised or anchored well).
    event.preventDefault();
    const form = this.internals.form;
    if (!form || form.querySelector(':invalid') === this) this.input?.focus();
    void this.showHint();
  }

  private async showHint(message = 'checkbox.required'): Promise<void> {
    this.hintMessage = message;
    if (this.attention) {
      // Restart the animation when the hint is asked for again.
      this.attention = false;
      await this.updateComplete;
    }
    this.hintShown = true;
    this.attention = true;
    await this.updateComplete;
    if (this.hintShown && this.hintElement && this.input) this.hint.show(this.input, this.hintElement);
    document.addEventListener('pointerdown', this.onOutsidePointer, true);
  }

  private hideHint(): void {
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    if (!this.hintShown) return;
    this.hintShown = false;
    this.hint.hide();
  }

  /** A press anywhere else dismisses the hint (the box stays invalid; submitting shows it again). */
  private readonly onOutsidePointer = (event: Event): void => {
    if (!event.composedPath().includes(this)) this.hideHint();
  };

  // ---- rendering ----

  private purposeText(): string {
    const key = `checkbox.purposes.${this.purpose}`;
    const bundled = this.purpose ? this.localize.t(key) : '';
    if (bundled && bundled !== key) return bundled;
    return this.purposeLabel || this.purpose;
  }

  /** The sentence as shown (the host's slotted text, or the template with plain titles): the receipt's `label`. */
  private sentenceText(): string {
    const assigned = this.renderRoot.querySelector('slot')?.assignedNodes() ?? [];
    if (assigned.some((node) => node.textContent?.trim())) {
      return assigned
        .map((node) => node.textContent)
        .join('')
        .replace(/\s+/g, ' ')
        .trim();
    }
    const titles = this.namedDocuments().map((doc) =>
      this.localize.t('checkbox.documentTitle', { title: doc.title }),
    );
    return this.localize.t(this.sentenceKey(), {
      documents: new Intl.ListFormat(this.localize.lang, { type: 'conjunction' }).format(titles),
      purpose: this.purposeText(),
    });
  }

  private sentenceKey(): string {
    if (this.guardianFlow()) return 'checkbox.guardianSentence';
    if (!this.separate) return 'checkbox.sentence';
    return this.documentIds().length ? 'checkbox.separateWithDocuments' : 'checkbox.separateSentence';
  }

  /** The sentence from its i18n template, with each document title as a button opening the dialog. */
  private renderSentence(): (TemplateResult | string)[] {
    const docs = this.namedDocuments();
    const text = this.localize.t(this.sentenceKey(), {
      documents: `${PLACEHOLDER}d${PLACEHOLDER}`,
      purpose: this.purposeText(),
    });
    const titles = docs.map((doc) => this.localize.t('checkbox.documentTitle', { title: doc.title }));
    const links = docs.map(
      (doc, index) =>
        html`<button
          type="button"
          class="doc-link"
          part="document-link"
          @click=${(event: Event) => this.openDocument(event, doc.id)}
        >
          ${titles[index]}
        </button>`,
    );
    const list: (TemplateResult | string)[] = [];
    if (docs.length) {
      const parts = new Intl.ListFormat(this.localize.lang, { type: 'conjunction' }).formatToParts(
        docs.map((_, index) => `${PLACEHOLDER}${index}${PLACEHOLDER}`),
      );
      for (const part of parts) {
        if (part.type === 'literal') list.push(part.value);
        else list.push(links[Number(part.value.slice(1, -1))]);
      }
    }
    return text
      .split(`${PLACEHOLDER}d${PLACEHOLDER}`)
      .flatMap((piece, index) => (index ? [...list, piece] : [piece]));
  }

  override render() {
    const disabled = this.disabled || this.formDisabled;
    return html`<div
        class=${classMap({ base: true, attention: this.attention })}
        part="base"
        @animationend=${() => (this.attention = false)}
      >
        <input
          id="control"
          part="control"
          type="checkbox"
          .checked=${this.isOn}
          ?disabled=${disabled}
          aria-required=${this.required ? 'true' : 'false'}
          aria-invalid=${this.hintShown ? 'true' : 'false'}
          aria-describedby=${this.hintShown ? 'hint' : nothing}
          @click=${this.onControlClick}
          @change=${this.onControlChange}
          @keydown=${this.onControlKeydown}
        />
        <label for="control" part="label"><slot>${this.renderSentence()}</slot></label>
      </div>
      <div id="hint" class="hint" part="hint" role="alert" ?hidden=${!this.hintShown}>
        ${this.hintShown ? this.localize.t(this.hintMessage, { age: this.minorAge }) : nothing}
      </div>`;
  }
}
