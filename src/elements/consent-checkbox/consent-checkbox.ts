import { LitElement, html } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize.js';
import { agreementStrings } from '../../i18n/resources/agreement.js';
import { consentCheckboxStyles } from './consent-checkbox.styles.js';

/**
 * @summary 「我已阅读并同意《用户协议》和《隐私政策》」: a form control that records agreement to documents.
 *
 * @slot - Replaces the agreement sentence.
 *
 * @csspart base - The label wrapping box and sentence.
 * @csspart control - The native checkbox.
 * @csspart label - The sentence.
 *
 * @cssproperty [--assent-checkbox-accent=var(--assent-color-accent)] - Colour of the ticked box.
 * @cssproperty [--assent-checkbox-size=1.1em] - Size of the box.
 * @cssproperty [--assent-checkbox-gap=0.5em] - Space between box and sentence.
 */
export class ConsentCheckbox extends LitElement {
  static formAssociated = true;
  static override styles = consentCheckboxStyles;

  private readonly internals: ElementInternals;
  private readonly localize = new LocalizeController(this, agreementStrings);

  /** Space-separated ids of the `<policy-document>`s this box agrees to. */
  @property({ reflect: true }) documents = '';
  /** Name under which the value is submitted with the form. */
  @property({ reflect: true }) name = '';
  /** Value submitted when checked. */
  @property() value = 'on';
  /** Blocks form submission until checked. */
  @property({ type: Boolean, reflect: true }) required = false;
  @property({ type: Boolean, reflect: true }) disabled = false;

  @state() private checked = false;
  @query('input') private input!: HTMLInputElement;

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  /** Whether the person has agreed. */
  get isChecked(): boolean {
    return this.checked;
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  get validity(): ValidityState {
    return this.internals.validity;
  }

  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  formResetCallback(): void {
    this.checked = false;
  }

  formDisabledCallback(disabled: boolean): void {
    this.disabled = disabled;
  }

  override updated(): void {
    this.internals.setFormValue(this.checked ? this.value : null);
    if (this.required && !this.checked) {
      this.internals.setValidity({ valueMissing: true }, this.localize.t('checkbox.required'), this.input);
    } else {
      this.internals.setValidity({});
    }
  }

  private onChange(event: Event): void {
    this.checked = (event.target as HTMLInputElement).checked;
  }

  private documentTitles(): string {
    const titles = this.documents
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.getAttribute('title') ?? id)
      .map((title) => this.localize.t('checkbox.documentTitle', { title }));
    if (titles.length < 2) return titles.join('');
    return `${titles.slice(0, -1).join(this.localize.t('common.listSeparator'))}${this.localize.t('common.and')}${titles.at(-1)}`;
  }

  override render() {
    return html`<label part="base">
      <input
        part="control"
        type="checkbox"
        .checked=${this.checked}
        ?disabled=${this.disabled}
        aria-required=${this.required ? 'true' : 'false'}
        @change=${this.onChange}
      />
      <span part="label"
        ><slot>${this.localize.t('checkbox.sentence', { documents: this.documentTitles() })}</slot></span
      >
    </label>`;
  }
}
