import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize.js';
import { ModalController } from '../../controllers/modal.js';
import { connectConfig } from '../../cookies/config-source.js';
import type {
  CategoryConfig,
  CookieConfigInput,
  CookieSpec,
  LocalText,
  ServiceConfig,
} from '../../cookies/config.js';
import { applyChoice, editableChoices, type ChoiceAction, type Choices } from '../../cookies/decisions.js';
import { categoryTitle, consentEngine, localText, type ChoiceSource } from '../../cookies/engine.js';
import { resolveLocale } from '../../i18n/locale.js';
import { cookieManagerStrings } from '../../i18n/resources/cookie-manager.js';
import { cookieManagerStyles } from './cookie-manager.styles.js';

/**
 * @tagname cookie-manager
 * @summary Lets people choose cookie categories, services and app permission purposes, and withdraw in one step.
 *
 * Inline on a settings page, or a modal (`modal`) opened by `show()`, by the banner's "customise", by any
 * element with `data-assent-open="cookie-manager"` or by `Assent.consent.show()`. Categories show their
 * services and, per service, the cookies (name or pattern, provider, purpose, expiry). Purposes of
 * `kind: "permission"` (location, camera, microphone, notifications…) are listed with their purpose text.
 *
 * @slot title - Replaces the heading.
 * @slot intro - Replaces the introduction.
 *
 * @csspart base - The panel (`<section>`, or the `<dialog>` when `modal`).
 * @csspart header - The heading row (with the close button when modal).
 * @csspart title - The heading.
 * @csspart close-button - The close button (modal only).
 * @csspart intro - The introduction.
 * @csspart category - One category or permission purpose.
 * @csspart category-title - Its heading.
 * @csspart description - A category's or service's description.
 * @csspart switch - Every switch (native checkbox with `role="switch"`).
 * @csspart always-on - The "always on" label of necessary categories.
 * @csspart services - The disclosure listing a category's services.
 * @csspart service - One service.
 * @csspart cookie-table - The table of a service's cookies.
 * @csspart status - The live message after saving or withdrawing.
 * @csspart actions - The row of choices.
 * @csspart button - Each choice button.
 * @csspart accept-all - The accept-all button (also `button`).
 * @csspart reject-all - The reject-all button (also `button`).
 * @csspart save - Save the choices as set (also `button`).
 * @csspart withdraw - The one-step withdrawal button.
 *
 * @cssproperty [--assent-manager-background=var(--assent-color-surface)] - Background.
 * @cssproperty [--assent-manager-width=44rem] - Width of the modal.
 * @cssproperty [--assent-manager-padding=1.25rem] - Padding of the inline panel.
 * @cssproperty [--assent-manager-backdrop=rgb(0 0 0 / 0.5)] - Backdrop of the modal.
 * @cssproperty [--assent-switch-on=var(--assent-color-accent)] - Switch track when on.
 * @cssproperty [--assent-switch-off=var(--assent-color-subtle)] - Switch track when off.
 * @cssproperty [--assent-switch-border=var(--assent-color-muted)] - Switch border when off.
 *
 * @fires consent-change - After every choice: dispatched on this element when the choice was made here (bubbling and composed, so it reaches `document`), on `document` when it was made elsewhere (the `consent` API, another element); listen on `document` to hear them all. `detail: { purposes, changed, decision, receiptId? }`.
 * @fires receipt-created - A receipt for a choice made here was signed and stored in the outbox; `detail: { id, receipt }`.
 * @fires receipt-delivered - That receipt reached the backend (2xx); dispatched here while this element is connected, else on `document`.
 * @fires receipt-delivery-failed - That receipt could not be delivered after its attempts, or was dropped; `detail.error` says why.
 * @fires assent-error - A configuration mistake (`invalid-config`).
 */
export class CookieManager extends LitElement {
  static override styles = cookieManagerStyles;

  private readonly localize = new LocalizeController(this, cookieManagerStrings);

  /** Shows the manager as a modal dialog (opened by `show()`) instead of inline. */
  @property({ type: Boolean, reflect: true }) modal = false;
  /** Whether the modal is open (read it; use `show()` / `hide()`). Inline managers are always shown. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** The cookie configuration (alternatively a child `<script type="application/json">`). */
  @property({ attribute: false }) config?: CookieConfigInput;
  /** `light` or `dark` to override the page's colour scheme. */
  @property({ reflect: true }) theme: '' | 'light' | 'dark' = '';

  @state() private draft: Choices = { categories: {}, services: {} };
  @state() private status: '' | 'saved' | 'withdrawn' = '';

  @query('dialog') private dialogElement?: HTMLDialogElement;
  @query('h2') private heading?: HTMLElement;

  private readonly modalController = new ModalController(this, {
    dialog: () => this.dialogElement,
    onEscape: () => void this.hide(),
    onForcedClose: () => void this.hide(),
  });
  private requestedOpener?: Element;
  private cleanups: (() => void)[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    const engine = consentEngine();
    this.cleanups.push(
      engine.on('config', () => this.resetDraft()),
      engine.on('change', () => this.resetDraft()),
      connectConfig(this),
    );
    this.resetDraft();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('config') && this.config !== undefined && this.isConnected) {
      try {
        consentEngine().configure(this.config, this);
      } catch {
        // Reported as `assent-error`.
      }
      this.resetDraft();
    }
  }

  /** The switches start from the current state (GPC and preselection applied before any decision). */
  private resetDraft(): void {
    const engine = consentEngine();
    const snapshot = engine.get();
    this.draft = engine.config
      ? editableChoices(engine.config, snapshot)
      : { categories: { ...snapshot.categories }, services: { ...snapshot.services } };
  }

  private applyToDraft(action: ChoiceAction): void {
    const config = consentEngine().config;
    if (config) this.draft = applyChoice(config, this.draft, action);
  }

  /** Opens the modal (or brings an inline manager into view); resolves once shown. `opener` gets focus back. */
  async show(opener?: Element): Promise<void> {
    this.requestedOpener = opener;
    this.resetDraft();
    this.status = '';
    if (!this.modal) {
      await this.updateComplete;
      this.scrollIntoView({ block: 'start' });
      this.heading?.focus();
      return;
    }
    this.open = true;
    await this.updateComplete;
  }

  /** Closes the modal without saving; resolves once hidden. */
  async hide(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.updateComplete;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open') || !this.modal) return;
    if (this.open && !this.modalController.isOpen) {
      this.modalController.open({ opener: this.requestedOpener });
      this.requestedOpener = undefined;
      // The heading, not the first switch: people hear where they are before changing anything.
      this.heading?.focus();
    } else if (!this.open && changed.get('open') === true) {
      this.modalController.close();
    }
  }

  private source(event: Event): ChoiceSource {
    const button = event.currentTarget as HTMLElement;
    return {
      element: 'cookie-manager',
      label: (button.textContent ?? '').trim(),
      locale: this.localize.lang,
      target: this,
    };
  }

  /** A modal closes before the decision is applied, so focus goes back to the opener while it still exists. */
  private async decide(run: () => Promise<unknown>, status: 'saved' | 'withdrawn'): Promise<void> {
    if (this.modal) await this.hide();
    const done = run();
    this.status = status;
    await done;
  }

  private onAcceptAll(event: Event): void {
    const source = this.source(event);
    void this.decide(() => consentEngine().acceptAll(source), 'saved');
  }

  private onRejectAll(event: Event): void {
    const source = this.source(event);
    void this.decide(() => consentEngine().rejectAll(source), 'saved');
  }

  private onSave(event: Event): void {
    const source = this.source(event);
    const choice = { categories: { ...this.draft.categories }, services: { ...this.draft.services } };
    void this.decide(() => consentEngine().save(choice, source), 'saved');
  }

  private onWithdraw(event: Event): void {
    const source = this.source(event);
    void this.decide(() => consentEngine().withdraw(source), 'withdrawn');
  }

  private text(value: LocalText | undefined): string | undefined {
    return localText(value, this.localize.locale);
  }

  private categoryDescription(category: CategoryConfig): string | undefined {
    const own = this.text(category.description);
    if (own || category.kind === 'permission') return own;
    const key = `cookies.categories.${category.id}.description`;
    const bundled = this.localize.t(key);
    return bundled === key ? undefined : bundled;
  }

  private renderCookies(service: ServiceConfig, name: string) {
    const cookies = service.cookies ?? [];
    if (!cookies.length) return nothing;
    const t = (key: string) => this.localize.t(key);
    const pattern = (cookie: CookieSpec) =>
      cookie.name instanceof RegExp ? cookie.name.source : cookie.name;
    return html`<div class="table-wrap">
      <table part="cookie-table">
        <caption class="visually-hidden">
          ${t('cookies.manager.cookies')} · ${name}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('cookies.manager.cookieName')}</th>
            <th scope="col">${t('cookies.manager.provider')}</th>
            <th scope="col">${t('cookies.manager.purpose')}</th>
            <th scope="col">${t('cookies.manager.expiry')}</th>
          </tr>
        </thead>
        <tbody>
          ${cookies.map(
            (cookie) =>
              html`<tr>
                <td><code>${pattern(cookie)}</code></td>
                <td>${this.text(cookie.provider) ?? this.text(service.provider) ?? ''}</td>
                <td>${this.text(cookie.purpose) ?? ''}</td>
                <td>${this.text(cookie.expiry) ?? ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderService(category: CategoryConfig, service: ServiceConfig) {
    const name = this.text(service.name) ?? service.id;
    const description = this.text(service.description);
    const provider = this.text(service.provider);
    const t = (key: string, vars?: Record<string, unknown>) => this.localize.t(key, vars);
    const id = `service-${service.id}`;
    return html`<li class="service" part="service">
      <div class="row">
        <h4 id=${id}>${name}</h4>
        <input
          type="checkbox"
          role="switch"
          part="switch"
          aria-label=${t('cookies.manager.allowService', { name })}
          aria-checked=${category.necessary || this.draft.services[service.id] ? 'true' : 'false'}
          .checked=${category.necessary ? true : !!this.draft.services[service.id]}
          ?disabled=${!!category.necessary}
          @change=${(event: Event) => this.applyToDraft({ type: 'toggle-service', id: service.id, on: (event.target as HTMLInputElement).checked })}
        />
      </div>
      ${description ? html`<p class="description" part="description">${description}</p>` : nothing}
      ${
        provider || service.policyUrl
          ? html`<p class="meta">
              ${provider ? html`${t('cookies.manager.provider')}: ${provider}` : nothing}
              ${
                service.policyUrl
                  ? html` ·
                      <a href=${service.policyUrl} target="_blank" rel="noopener noreferrer"
                        >${t('cookies.manager.providerPolicy', { name })}</a
                      >`
                  : nothing
              }
            </p>`
          : nothing
      }
      ${this.renderCookies(service, name)}
    </li>`;
  }

  private renderCategory(category: CategoryConfig) {
    const t = (key: string, vars?: Record<string, unknown>) => this.localize.t(key, vars);
    const title = categoryTitle(category, this.localize.locale, (key) => this.localize.t(key));
    const description = this.categoryDescription(category);
    const services = category.services ?? [];
    const headingId = `category-${category.id}`;
    return html`<section class="category" part="category" aria-labelledby=${headingId}>
      <div class="row">
        <h3 id=${headingId} part="category-title">${title}</h3>
        ${
          category.necessary
            ? html`<span class="always-on" part="always-on">${t('cookies.manager.alwaysOn')}</span>`
            : html`<input
                type="checkbox"
                role="switch"
                part="switch"
                aria-label=${t('cookies.manager.allowCategory', { name: title })}
                aria-checked=${this.draft.categories[category.id] ? 'true' : 'false'}
                .checked=${!!this.draft.categories[category.id]}
                @change=${(event: Event) => this.applyToDraft({ type: 'toggle-category', id: category.id, on: (event.target as HTMLInputElement).checked })}
              />`
        }
      </div>
      ${
        category.kind === 'permission' && description
          ? html`<p class="description" part="description">
              ${t('cookies.manager.permissionPurpose', { purpose: description })}
            </p>`
          : description
            ? html`<p class="description" part="description">${description}</p>`
            : nothing
      }
      ${
        services.length
          ? html`<details part="services">
              <summary>${t('cookies.manager.details', { count: services.length })}</summary>
              <ul aria-label=${t('cookies.manager.services')}>
                ${services.map((service) => this.renderService(category, service))}
              </ul>
            </details>`
          : nothing
      }
    </section>`;
  }

  private renderBody() {
    const engine = consentEngine();
    const config = engine.config;
    const t = (key: string, vars?: Record<string, unknown>) => this.localize.t(key, vars);
    const categories = config?.categories ?? [];
    const cookieCategories = categories.filter((c) => c.kind !== 'permission');
    const permissions = categories.filter((c) => c.kind === 'permission');
    const snapshot = engine.get();
    const canWithdraw =
      snapshot.decided &&
      Object.entries(snapshot.categories).some(
        ([id, on]) => on && !categories.find((c) => c.id === id)?.necessary,
      );
    return html`
      <p part="intro"><slot name="intro">${t('cookies.manager.intro')}</slot></p>
      ${cookieCategories.map((category) => this.renderCategory(category))}
      ${
        permissions.length
          ? html`<h3 class="permissions-title">${t('cookies.manager.permissionsTitle')}</h3>
              ${permissions.map((category) => this.renderCategory(category))}`
          : nothing
      }
      <p class="status" part="status" role="status">
        ${this.status ? t(this.status === 'saved' ? 'cookies.manager.saved' : 'cookies.manager.withdrawn') : nothing}
      </p>
      <div class="actions" part="actions">
        <button type="button" class="choice" part="button accept-all" @click=${this.onAcceptAll}>
          ${t('cookies.manager.acceptAll')}
        </button>
        <button type="button" class="choice" part="button reject-all" @click=${this.onRejectAll}>
          ${t('cookies.manager.rejectAll')}
        </button>
        <button type="button" class="choice" part="button save" @click=${this.onSave}>
          ${t('cookies.manager.save')}
        </button>
        ${
          canWithdraw
            ? html`<button type="button" class="withdraw" part="withdraw" @click=${this.onWithdraw}>
                ${t('cookies.manager.withdraw')}
              </button>`
            : nothing
        }
      </div>
    `;
  }

  override render() {
    const t = (key: string) => this.localize.t(key);
    const heading = html`<h2 id="title" part="title" tabindex="-1">
      <slot name="title">${t('cookies.manager.title')}</slot>
    </h2>`;
    if (!this.modal) {
      return html`<section class="panel" part="base" aria-labelledby="title">
        <header part="header">${heading}</header>
        ${this.renderBody()}
      </section>`;
    }
    if (!this.open) return nothing;
    return html`<dialog class="panel" part="base" aria-labelledby="title">
      <header part="header">
        ${heading}
        <button
          type="button"
          class="close"
          part="close-button"
          aria-label=${t('cookies.manager.close')}
          @click=${() => void this.hide()}
        >
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div class="scroll">${this.renderBody()}</div>
    </dialog>`;
  }
}

/** Lets the engine open a manager: the page's modal one, else its inline one, else a modal one created on demand. */
export function installManagerOpener(): void {
  const engine = consentEngine();
  if (engine.ui.openManager) return;
  engine.ui.openManager = (opener?: Element) => {
    let manager =
      document.querySelector<CookieManager>('cookie-manager[modal]') ??
      document.querySelector<CookieManager>('cookie-manager');
    if (!manager) {
      manager = document.createElement('cookie-manager') as CookieManager;
      manager.modal = true;
      // Speaks the language of what opened it (a banner may carry its own `lang`).
      if (opener) manager.lang = resolveLocale(opener);
      document.body.append(manager);
    }
    void manager.show(opener);
  };
}
