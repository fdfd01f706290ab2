import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { decisionHistory, onHistoryChange, type DecisionRecord } from '../../consent/history.js';
import { DecisionsController } from '../../controllers/decisions.js';
import { LocalizeController } from '../../controllers/localize.js';
import { servicesOf } from '../../cookies/config.js';
import { categoryTitle, consentEngine, localText } from '../../cookies/engine.js';
import { cookieManagerStrings } from '../../i18n/resources/cookie-manager.js';
import { historyStrings } from '../../i18n/resources/history.js';
import { registerStrings } from '../../i18n/translator.js';
import { consentHistoryStyles } from './consent-history.styles.js';

type DeliveryState = 'delivered' | 'pending' | 'failed' | 'lost';

/**
 * @tagname consent-history
 * @summary A privacy centre: every decision this browser made here, and one-step withdrawal of any consent still in force.
 *
 * Lists agreements (document titles and versions), separate consents, and cookie and app-permission
 * choices, newest first: what was decided, when, by whom (the person or a guardian), until when it is
 * valid (or that it expired and will be asked again), and whether its receipt reached the backend or
 * is still waiting. A consent still in force has a "withdraw" button: one press records a signed
 * `withdrawn` receipt (`method.element: "consent-history"`) and takes the consent back (the boxes
 * untick, the dialog asks again, cookie choices are cleared by the consent engine).
 *
 * The list comes from the receipts layer (`decisionHistory()`), the delivery state from the outbox
 * (`deliveryStates()`); the element reads no storage of its own. Cookie and permission choices can
 * be withdrawn where the page configured the consent engine (a banner, a manager, `consent.configure`).
 *
 * @slot title - Replaces the heading.
 * @slot intro - Replaces the introduction.
 * @slot empty - Replaces the text shown when nothing was recorded yet.
 *
 * @csspart base - The `<section>`.
 * @csspart title - The heading.
 * @csspart intro - The introduction.
 * @csspart list - The list of decisions.
 * @csspart entry - One decision.
 * @csspart current - A decision in force (with `entry`).
 * @csspart expired - A decision whose validity passed (with `entry`).
 * @csspart superseded - A decision a later one replaced (with `entry`).
 * @csspart entry-title - What the decision is about.
 * @csspart decision - The decision badge (accepted, refused, withdrawn, updated).
 * @csspart details - The facts of the decision (when, by whom, validity, receipt).
 * @csspart withdraw - The one-step withdrawal button.
 * @csspart status - The live message after a withdrawal.
 * @csspart empty - The text shown when nothing was recorded yet.
 *
 * @cssproperty [--assent-history-background=var(--assent-color-surface)] - Background of the panel.
 * @cssproperty [--assent-history-padding=1.25rem] - Padding of the panel.
 * @cssproperty [--assent-history-accent=var(--assent-color-accent)] - Colour of the withdraw button and badges.
 * @cssproperty [--assent-history-expired=var(--assent-color-danger)] - Colour of an expired decision's validity.
 *
 * @fires receipt-created - A withdrawal receipt was signed and stored (from the receipts layer).
 * @fires receipt-delivered - That withdrawal receipt reached the backend; dispatched here while this element is connected, else on `document`.
 * @fires receipt-delivery-failed - That withdrawal receipt could not be delivered after its attempts, or was dropped; `detail.error` says why.
 * @fires consent-change - On `document`, after a cookie or permission choice was withdrawn (from the consent engine).
 * @fires assent-error - A withdrawal could not be recorded (e.g. `insecure-context`, `no-config`).
 */
export class ConsentHistory extends LitElement {
  static override styles = consentHistoryStyles;

  private readonly localize = new LocalizeController(this, historyStrings);
  private readonly decisions = new DecisionsController(this, { resumeWhenIdle: false });

  /** Receipt endpoint for withdrawals made here (overrides the page configuration). */
  @property() endpoint = '';
  /** `light` or `dark` forces a theme; empty follows `prefers-color-scheme`. */
  @property({ reflect: true }) theme: '' | 'light' | 'dark' = '';

  @state() private records: DecisionRecord[] | undefined;
  @state() private delivery = new Map<string, 'pending' | 'failed'>();
  @state() private status: { kind: 'ok' | 'error'; text: string } | undefined;
  @state() private busy = new Set<string>();

  private cleanups: (() => void)[] = [];
  private refreshing?: Promise<void>;

  override connectedCallback(): void {
    super.connectedCallback();
    registerStrings(cookieManagerStrings);
    const refresh = () => void this.refresh();
    this.cleanups.push(onHistoryChange(refresh), consentEngine().on('config', refresh));
    for (const type of ['receipt-delivered', 'receipt-delivery-failed'] as const) {
      document.addEventListener(type, refresh);
      this.cleanups.push(() => document.removeEventListener(type, refresh));
    }
    refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  /** Reads the history and the outbox again (it follows changes by itself; hosts rarely need this). */
  async refresh(): Promise<void> {
    // One read at a time; a change during it is picked up by one more read.
    if (this.refreshing) {
      await this.refreshing;
      return this.refresh();
    }
    this.refreshing = (async () => {
      const records = decisionHistory();
      this.delivery = await this.decisions.deliveryStates();
      this.records = records;
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Resolves once the list reflects the stored history. */
  get ready(): Promise<void> {
    return this.refreshing ?? Promise.resolve();
  }

  private deliveryState(record: DecisionRecord): DeliveryState {
    if (record.lost) return 'lost';
    return this.delivery.get(record.id) ?? 'delivered';
  }

  /** Cookie choices are withdrawn by the engine: only those of the configuration this page runs. */
  private canWithdraw(record: DecisionRecord): boolean {
    if (!record.withdrawable) return false;
    if (record.type !== 'cookie') return true;
    const config = consentEngine().config;
    if (!config) return false;
    const ids = new Set([
      ...config.categories.map((category) => category.id),
      ...servicesOf(config).map(({ service }) => service.id),
    ]);
    return Object.keys(record.purposes).every((id) => ids.has(id));
  }

  private async withdraw(record: DecisionRecord): Promise<void> {
    const subject = this.subjectText(record);
    const label = this.localize.t('history.withdraw');
    this.busy = new Set([...this.busy, record.id]);
    try {
      if (record.type === 'cookie') {
        await consentEngine().withdraw({
          element: 'consent-history',
          label,
          locale: this.localize.lang,
          target: this,
        });
      } else {
        await this.decisions.withdraw(record.id, {
          label,
          locale: this.localize.lang,
          element: 'consent-history',
          target: this,
          ...(this.endpoint ? { endpoint: this.endpoint } : {}),
        });
      }
      this.status = { kind: 'ok', text: this.localize.t('history.withdrawn', { subject }) };
    } catch {
      // The receipts layer and the engine report the cause as `assent-error`.
      this.status = { kind: 'error', text: this.localize.t('history.withdrawFailed', { subject }) };
    } finally {
      const busy = new Set(this.busy);
      busy.delete(record.id);
      this.busy = busy;
      await this.refresh();
    }
  }

  // ---- text ----

  private list(items: string[]): string {
    return new Intl.ListFormat(this.localize.lang, { type: 'conjunction' }).format(items);
  }

  private date(iso: string): string {
    return new Intl.DateTimeFormat(this.localize.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso),
    );
  }

  /** A separate purpose's bundled name; a cookie category's, service's or permission's from the configuration. */
  private purposeName(id: string, type: DecisionRecord['type']): string {
    if (type === 'cookie') return this.cookiePurposeName(id) ?? id;
    const key = `history.purposes.${id}`;
    const bundled = this.localize.t(key);
    return bundled !== key ? bundled : (this.cookiePurposeName(id) ?? id);
  }

  /** A category, permission purpose or service name, from the page's cookie configuration. */
  private cookiePurposeName(id: string): string | undefined {
    const config = consentEngine().config;
    if (!config) return undefined;
    const category = config.categories.find((c) => c.id === id);
    if (category) return categoryTitle(category, this.localize.locale, (key) => this.localize.t(key));
    const service = servicesOf(config).find(({ service }) => service.id === id)?.service;
    return service ? localText(service.name, this.localize.locale) : undefined;
  }

  /** What the decision is about, as one line: the documents and versions, the purposes, or the cookie choice. */
  private subjectText(record: DecisionRecord): string {
    const documents = record.documents.map((doc) =>
      this.localize.t('history.documentVersion', { title: doc.title, version: doc.version }),
    );
    if (record.type === 'agreement') return this.list(documents);
    if (record.type === 'separate') {
      const purposes = Object.keys(record.purposes).map((id) => this.purposeName(id, record.type));
      return this.list(purposes.length ? purposes : documents);
    }
    return this.localize.t('history.cookie');
  }

  /** For cookie and permission choices: what was allowed and what refused. */
  private purposeSummary(record: DecisionRecord): string[] {
    if (record.type !== 'cookie') return [];
    const config = consentEngine().config;
    // Necessary categories are always on: listing them as "allowed" would say nothing.
    const necessary = new Set(config?.categories.filter((c) => c.necessary).map((c) => c.id));
    const services = new Set(config ? servicesOf(config).map(({ service }) => service.id) : []);
    const entries = Object.entries(record.purposes).filter(
      ([id]) => !necessary.has(id) && (!config || !services.has(id)),
    );
    const allowed = entries.filter(([, on]) => on).map(([id]) => this.purposeName(id, record.type));
    const refused = entries.filter(([, on]) => !on).map(([id]) => this.purposeName(id, record.type));
    if (!allowed.length) return [this.localize.t('history.nothingAllowed')];
    return [
      this.localize.t('history.allowed', { list: this.list(allowed) }),
      ...(refused.length ? [this.localize.t('history.refused', { list: this.list(refused) })] : []),
    ];
  }

  private validityText(record: DecisionRecord): string {
    if (record.standing === 'superseded') return this.localize.t('history.superseded');
    if (!record.validUntil) return this.localize.t('history.noExpiry');
    const date = this.date(record.validUntil);
    return record.standing === 'expired'
      ? this.localize.t('history.expired', { date })
      : this.localize.t('history.validUntil', { date });
  }

  // ---- rendering ----

  private renderRecord(record: DecisionRecord) {
    const subject = this.subjectText(record);
    const delivery = this.deliveryState(record);
    const kind = this.localize.t(`history.${record.type}`);
    const headingId = `entry-${record.id}`;
    return html`<li
      part="entry ${record.standing}"
      class="entry ${record.standing}"
      aria-labelledby=${headingId}
    >
      <div class="entry-head">
        <h3 id=${headingId} part="entry-title">
          ${record.type === 'cookie' ? nothing : html`<span class="kind">${kind}</span>`}
          <span class="subject">${subject}</span>
        </h3>
        <span part="decision" class="decision ${record.decision}"
          >${this.localize.t(`history.decision.${record.decision}`)}</span
        >
      </div>
      ${this.purposeSummary(record).map((line) => html`<p class="purposes">${line}</p>`)}
      <dl part="details">
        <div>
          <dt>${this.localize.t('history.decidedAt')}</dt>
          <dd><time datetime=${record.issuedAt}>${this.date(record.issuedAt)}</time></dd>
        </div>
        <div>
          <dt>${this.localize.t('history.decidedBy')}</dt>
          <dd>${this.localize.t(record.actor === 'guardian' ? 'history.guardian' : 'history.self')}</dd>
        </div>
        <div>
          <dt>${this.localize.t('history.validity')}</dt>
          <dd class="validity">${this.validityText(record)}</dd>
        </div>
        <div>
          <dt>${this.localize.t('history.delivery')}</dt>
          <dd class="delivery ${delivery}">
            ${this.localize.t(`history.deliveryState.${delivery}`)}${
              record.signed ? nothing : this.localize.t('history.unsigned')
            }
          </dd>
        </div>
      </dl>
      ${
        this.canWithdraw(record)
          ? html`<button
              type="button"
              part="withdraw"
              class="withdraw"
              aria-label=${this.localize.t('history.withdrawLabel', { subject })}
              ?disabled=${this.busy.has(record.id)}
              @click=${() => this.withdraw(record)}
            >
              ${this.localize.t('history.withdraw')}
            </button>`
          : nothing
      }
    </li>`;
  }

  override render() {
    const records = this.records;
    return html`<section part="base" class="panel" aria-labelledby="title">
      <h2 id="title" part="title"><slot name="title">${this.localize.t('history.title')}</slot></h2>
      <p part="intro" class="intro"><slot name="intro">${this.localize.t('history.intro')}</slot></p>
      <p part="status" class="status ${this.status?.kind ?? ''}" role="status">${this.status?.text ?? ''}</p>
      ${
        records === undefined
          ? html`<p class="empty">${this.localize.t('history.loading')}</p>`
          : records.length === 0
            ? html`<p part="empty" class="empty">
                <slot name="empty">${this.localize.t('history.empty')}</slot>
              </p>`
            : html`<ul part="list" class="list">
                ${records.map((record) => this.renderRecord(record))}
              </ul>`
      }
    </section>`;
  }
}
