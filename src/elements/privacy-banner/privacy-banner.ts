import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize.js';
import { ModalController } from '../../controllers/modal.js';
import { connectConfig } from '../../cookies/config-source.js';
import type { CookieConfigInput } from '../../cookies/config.js';
import { consentEngine, localText, type ChoiceSource } from '../../cookies/engine.js';
import { ensureDefined } from '../../cookies/on-demand.js';
import { reportError } from '../../events/events.js';
import { cookieStrings } from '../../i18n/resources/cookies.js';
import { checkUrl } from '../../internal/url.js';
import { privacyBannerStyles } from './privacy-banner.styles.js';

export type BannerPosition = 'bottom' | 'top' | 'center' | 'inline';

/** A node in the default slot that is a message of the host's: not the JSON config script, not blank text. */
function isMessage(node: Node): boolean {
  return node instanceof Element ? node.localName !== 'script' : !!node.textContent?.trim();
}

interface PolicyDialog extends HTMLElement {
  show(options?: { documents?: readonly string[]; document?: string }): Promise<void>;
}

/**
 * @tagname privacy-banner
 * @summary Asks for cookie consent until a valid decision exists: accept all, reject all or customise, with equal weight.
 *
 * Shown only while no decision exists for the configuration's revision (or it expired); then it says
 * 「隐私设置已更新」 and what changed. Honours Global Privacy Control. The configuration is the `config`
 * property or a child `<script type="application/json">`; see the README for its shape.
 *
 * @slot title - Replaces the heading.
 * @slot - Replaces the message (the configuration script and blank text do not count).
 *
 * @csspart base - The bar (or the `<dialog>` in the `center` position).
 * @csspart title - The heading.
 * @csspart message - The message with the policy link.
 * @csspart policy-link - The link to the cookie/privacy policy.
 * @csspart notice - A notice above the actions (`updated` or `gpc` part as well).
 * @csspart updated - The "privacy settings updated" notice with what changed.
 * @csspart gpc - The "Global Privacy Control honoured" notice.
 * @csspart actions - The row of the three choices.
 * @csspart button - Each choice button.
 * @csspart accept-all - The accept-all button (also `button`).
 * @csspart reject-all - The reject-all button (also `button`).
 * @csspart customize - Customise (opens the cookie manager) (also `button`).
 *
 * @cssproperty [--assent-banner-background=var(--assent-color-surface)] - Background.
 * @cssproperty [--assent-banner-color=var(--assent-color-text)] - Text colour.
 * @cssproperty [--assent-banner-accent=var(--assent-color-accent)] - Links, focus rings and button borders.
 * @cssproperty [--assent-banner-button-background=var(--assent-color-surface)] - Background of the three choices.
 * @cssproperty [--assent-banner-button-color=var(--assent-color-text)] - Text of the three choices.
 * @cssproperty [--assent-banner-width=72rem] - Maximum width of the bar's content.
 * @cssproperty [--assent-banner-max-height=60vh] - The bar scrolls beyond this height.
 * @cssproperty [--assent-banner-z-index=2147483000] - Stacking of the overlay positions.
 * @cssproperty [--assent-banner-shadow=0 -4px 18px rgb(0 0 0 / 0.12)] - Shadow of the bar.
 * @cssproperty [--assent-banner-backdrop=rgb(0 0 0 / 0.45)] - Backdrop of the `center` position.
 *
 * @fires consent-change - After every choice: dispatched on this element when the choice was made here (bubbling and composed, so it reaches `document`), on `document` when it was made elsewhere (the `consent` API, another element); listen on `document` to hear them all. `detail: { purposes, changed, decision, receiptId? }`.
 * @fires receipt-created - A receipt for a choice made here was signed and stored in the outbox; `detail: { id, receipt }`.
 * @fires receipt-delivered - That receipt reached the backend (2xx); dispatched here while this element is connected, else on `document`.
 * @fires receipt-delivery-failed - That receipt could not be delivered after its attempts, or was dropped; `detail.error` says why.
 * @fires assent-error - A configuration mistake (`invalid-config`) or a missing policy dialog (`dialog-missing`).
 */
export class PrivacyBanner extends LitElement {
  static override styles = privacyBannerStyles;

  private readonly localize = new LocalizeController(this, cookieStrings);

  /** `bottom` or `top` bar (overlays, never shift the page), `center` modal, or `inline` in the page flow. */
  @property({ reflect: true }) position: BannerPosition = 'bottom';
  /** The cookie configuration (alternatively a child `<script type="application/json">`). */
  @property({ attribute: false }) config?: CookieConfigInput;
  /** Address of the cookie/privacy policy (the link works without the dialog). */
  @property({ attribute: 'policy-href' }) policyHref = '';
  /** Id of the `<policy-document>` the link opens in the `<agreement-dialog>` named by `dialog`. */
  @property({ attribute: 'policy-document' }) policyDocument = '';
  /** Id of the `<agreement-dialog>` that shows the policy. */
  @property() dialog = '';
  /** `light` or `dark` to override the page's colour scheme. */
  @property({ reflect: true }) theme: '' | 'light' | 'dark' = '';
  /** Reflects whether the banner is shown (read it; use `show()` / `hide()` to change it). */
  @property({ type: Boolean, reflect: true }) open = false;

  /** The default slot holds a message of the host's, so the built-in one stays out. */
  @state() private ownMessage = false;

  @query('dialog') private dialogElement?: HTMLDialogElement;
  @query('.bar') private bar?: HTMLElement;

  private forced = false;
  private dismissed = false;
  /** The `center` position's modal dialog; for the bars, only where focus goes back when they close. */
  private readonly modal = new ModalController(this, {
    dialog: () => this.dialogElement,
    onEscape: () => void this.hide(),
    onForcedClose: () => void (this.open && this.hide()),
  });
  private resizeObserver?: ResizeObserver;
  /** The page's own scroll padding on the side the bar covers, restored when the bar goes. */
  private savedScrollPadding?: { side: 'scrollPaddingTop' | 'scrollPaddingBottom'; value: string };
  private cleanups: (() => void)[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    const engine = consentEngine();
    this.cleanups.push(
      engine.on('config', () => this.sync()),
      engine.on('change', () => {
        // A choice was made (here, in the manager or through the API): a banner opened by show() closes too.
        this.forced = false;
        this.sync();
      }),
      connectConfig(this),
    );
    // Decided before the first render, so an already-decided visitor never sees a flash of the banner.
    this.addEventListener('focusin', this.rememberOrigin);
    this.sync();
  }

  /** Where focus came from when it entered the banner: it goes back there when the banner closes. */
  private readonly rememberOrigin = (event: FocusEvent): void => {
    const from = event.relatedTarget;
    if (from instanceof HTMLElement && !this.contains(from) && !this.shadowRoot?.contains(from))
      this.modal.opener = from;
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.removeEventListener('focusin', this.rememberOrigin);
    this.release();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('policyHref') && this.policyHref && !this.safePolicyHref()) {
      reportError('unsafe-url', 'policy-href must be an http(s) or relative URL; the link is left out', this);
    }
    if (changed.has('config') && this.config !== undefined && this.isConnected) {
      try {
        consentEngine().configure(this.config, this);
      } catch {
        // Reported as `assent-error`.
      }
      this.sync();
    }
  }

  /** Shows the banner even when a decision exists (e.g. from a "privacy settings" link); resolves once shown. */
  async show(): Promise<void> {
    this.forced = true;
    this.dismissed = false;
    this.sync();
    await this.updateComplete;
  }

  /** Hides the banner for this page view without a decision; resolves once hidden. */
  async hide(): Promise<void> {
    this.forced = false;
    this.dismissed = true;
    this.sync();
    await this.updateComplete;
  }

  private sync(): void {
    const engine = consentEngine();
    const wanted = !!engine.config && !this.dismissed && (this.forced || engine.promptReason() !== null);
    if (!wanted) this.forced = false;
    if (this.open !== wanted) this.open = wanted;
    else this.requestUpdate();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open') && !changed.has('position')) return;
    if (this.open) this.present();
    else if (changed.get('open') === true) this.release();
  }

  private present(): void {
    this.modal.open({ modal: this.position === 'center' });
    if (this.position === 'top' || this.position === 'bottom') this.keepFocusVisible();
  }

  /**
   * WCAG 2.4.11: an overlay bar must not hide the focused element. Scroll padding as tall as the bar makes
   * the browser scroll focused elements clear of it; a focus check catches what padding cannot.
   */
  private keepFocusVisible(): void {
    const root = document.documentElement;
    const side = this.position === 'top' ? 'scrollPaddingTop' : 'scrollPaddingBottom';
    if (this.savedScrollPadding?.side !== side) {
      if (this.savedScrollPadding) root.style[this.savedScrollPadding.side] = this.savedScrollPadding.value;
      this.savedScrollPadding = { side, value: root.style[side] };
    }
    const apply = () => {
      if (this.bar) root.style[side] = `${Math.ceil(this.bar.getBoundingClientRect().height)}px`;
    };
    apply();
    this.resizeObserver?.disconnect();
    this.resizeObserver = new ResizeObserver(apply);
    if (this.bar) this.resizeObserver.observe(this.bar);
    document.addEventListener('focusin', this.onFocusIn);
  }

  private readonly onFocusIn = (event: FocusEvent): void => {
    const target = event.composedPath()[0];
    if (
      !(target instanceof Element) ||
      this.contains(target) ||
      this.shadowRoot?.contains(target) ||
      !this.bar
    )
      return;
    const bar = this.bar.getBoundingClientRect();
    const rect = target.getBoundingClientRect();
    if (rect.bottom <= bar.top || rect.top >= bar.bottom) return;
    const by = this.position === 'top' ? rect.top - bar.bottom : rect.bottom - bar.top;
    window.scrollBy({ top: by, behavior: 'instant' as ScrollBehavior });
  };

  private release(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    document.removeEventListener('focusin', this.onFocusIn);
    if (this.savedScrollPadding) {
      document.documentElement.style[this.savedScrollPadding.side] = this.savedScrollPadding.value;
      this.savedScrollPadding = undefined;
    }
    // Focus was on a choice that is gone now: it goes back to where the person was.
    this.modal.close();
  }

  private onMessageSlot(event: Event): void {
    this.ownMessage = (event.target as HTMLSlotElement).assignedNodes().some(isMessage);
  }

  private source(event: Event): ChoiceSource {
    const button = event.currentTarget as HTMLElement;
    return {
      element: 'privacy-banner',
      label: (button.textContent ?? '').trim(),
      locale: this.localize.lang,
      target: this,
    };
  }

  private onAcceptAll(event: Event): void {
    void consentEngine().acceptAll(this.source(event));
  }

  private onRejectAll(event: Event): void {
    void consentEngine().rejectAll(this.source(event));
  }

  private onCustomize(event: Event): void {
    consentEngine().showManager(event.currentTarget as Element);
  }

  /** `policy-href` when it is an http(s) or relative URL (never `javascript:`, `data:`…). */
  private safePolicyHref(): string | undefined {
    return this.policyHref && checkUrl(this.policyHref, this.baseURI).ok ? this.policyHref : undefined;
  }

  private async onPolicy(event: Event): Promise<void> {
    if (!this.dialog || !this.policyDocument) return; // a plain link to policy-href
    event.preventDefault();
    const dialog = document.getElementById(this.dialog) as PolicyDialog | null;
    const ready = dialog?.localName === 'agreement-dialog' && (await ensureDefined('agreement-dialog'));
    if (!dialog || !ready || typeof dialog.show !== 'function') {
      reportError(
        'dialog-missing',
        `<privacy-banner> cannot open the policy: no <agreement-dialog id="${this.dialog}"> could be shown`,
        this,
      );
      const href = this.safePolicyHref();
      if (href) location.assign(href);
      return;
    }
    await dialog.show({ documents: [this.policyDocument], document: this.policyDocument });
  }

  private renderContent(headingId: string) {
    const engine = consentEngine();
    const t = (key: string, vars?: Record<string, unknown>) => this.localize.t(key, vars);
    const reason = engine.promptReason();
    const config = engine.config;
    const updated = reason === 'revision';
    const changes = updated ? localText(config?.changes, this.localize.locale) : undefined;
    const snapshot = engine.get();
    const gpcHonoured = snapshot.gpc && !!config?.categories.some((c) => c.gpc) && !snapshot.decided;
    const hasLink = !!(this.safePolicyHref() || (this.dialog && this.policyDocument));
    return html`<div class="inner">
      <div class="text">
        <h2 id=${headingId} part="title">
          <slot name="title">${t(updated ? 'cookies.banner.updatedTitle' : 'cookies.banner.title')}</slot>
        </h2>
        ${
          updated
            ? html`<p class="notice" part="notice updated">
                ${t('cookies.banner.updatedMessage')}
                ${changes ? t('cookies.banner.changes', { changes }) : nothing}
              </p>`
            : nothing
        }
        <p part="message" id="message">
          <slot @slotchange=${this.onMessageSlot}></slot>${
            this.ownMessage ? nothing : t('cookies.banner.message')
          }
          ${
            hasLink
              ? html`<a part="policy-link" href=${this.safePolicyHref() ?? '#'} @click=${this.onPolicy}
                  >${t('cookies.banner.policy')}</a
                >`
              : nothing
          }
        </p>
        ${gpcHonoured ? html`<p class="notice" part="notice gpc">${t('cookies.banner.gpc')}</p>` : nothing}
      </div>
      <div class="actions" part="actions">
        <button type="button" class="choice" part="button accept-all" @click=${this.onAcceptAll}>
          ${t('cookies.banner.acceptAll')}
        </button>
        <button type="button" class="choice" part="button reject-all" @click=${this.onRejectAll}>
          ${t('cookies.banner.rejectAll')}
        </button>
        <button
          type="button"
          class="choice"
          part="button customize"
          aria-haspopup="dialog"
          @click=${this.onCustomize}
        >
          ${t('cookies.banner.customize')}
        </button>
      </div>
    </div>`;
  }

  override render() {
    if (!this.open) return nothing;
    if (this.position === 'center') {
      return html`<dialog part="base" aria-labelledby="title" aria-describedby="message">
        ${this.renderContent('title')}
      </dialog>`;
    }
    return html`<section class="bar" part="base" aria-labelledby="title">
      ${this.renderContent('title')}
    </section>`;
  }
}
