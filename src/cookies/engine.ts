/**
 * The consent engine: one per page (shared by every copy of the library), holding the configuration,
 * the stored decision, and everything a decision sets off: Consent Mode updates, gated scripts and
 * embeds, clearing refused cookies, `consent-change`, listeners and the signed receipt.
 */
import type { DecisionInput, RecordedReceipt } from '../receipt/types.js';
import { loadDelivery } from '../delivery/resume.js';
import { emit, reportError, type ConsentChangeDetail } from '../events/events.js';
import { resolveLocale, type SupportedLocale } from '../i18n/locale.js';
import { cookieStrings } from '../i18n/resources/cookies.js';
import { registerStrings } from '../i18n/translator.js';
import { SCRIPT_EXTRAS, extrasModule } from '../internal/extras.js';
import { shared } from '../internal/global.js';
import { whenIdle } from '../internal/idle.js';
import { own } from '../internal/own.js';
import {
  ConsentConfigError,
  servicesOf,
  validateConfig,
  type CategoryConfig,
  type CookieConfig,
  type LocalText,
} from './config.js';
import { resetConsentMode, sendDefault, sendUpdate } from './consent-mode.js';
import { applyChoice, decisionOf } from './decisions.js';
import { applyGating, refreshPlaceholders, setConfiguredNonce } from './gating.js';
import { ensureDefined } from './on-demand.js';
import { dropPending, keepPending, pendingFor } from './pending.js';
import {
  clearRefused,
  eraseState,
  readState,
  writeState,
  STATE_VERSION,
  type ConsentState,
  type StoredDecision,
} from './storage.js';

/** Why a prompt is due: no decision yet, the configuration revision changed, or the decision expired. */
export type PromptReason = 'first' | 'revision' | 'expired';

/** What `consent.get()` returns: a copy, safe to keep. */
export interface ConsentSnapshot {
  /** A valid decision exists for the current revision. */
  decided: boolean;
  decision: StoredDecision | null;
  /** Category id -> granted now (before a decision: necessary, preselected, GPC applied). */
  categories: Record<string, boolean>;
  /** Service id -> granted now. */
  services: Record<string, boolean>;
  revision: string | null;
  decidedAt: string | null;
  updatedAt: string | null;
  expiresAt: string | null;
  receiptId: string | null;
  /** The browser sends Global Privacy Control. */
  gpc: boolean;
  /** Set while the banner should ask. */
  prompt: PromptReason | null;
}

export type ConsentAction = 'accept-all' | 'reject-all' | 'save' | 'withdraw' | 'accept-service';

/** Who made a choice, for the receipt. */
export interface ChoiceSource {
  element?: 'privacy-banner' | 'cookie-manager' | 'consent-history' | 'api';
  /** Visible text of the control used. */
  label?: string;
  /** BCP 47 tag of the language shown. */
  locale?: string;
  /** Where `consent-change` (while connected) and receipt events are dispatched (default document). */
  target?: EventTarget;
}

export interface Choice {
  categories?: Record<string, boolean>;
  services?: Record<string, boolean>;
}

type ChangeListener = (snapshot: ConsentSnapshot, detail: ConsentChangeDetail) => void;
type ConfigListener = (config: CookieConfig) => void;

/** Hooks that UI modules register (the engine never imports elements). */
export interface ConsentUiHooks {
  openManager?: (source?: Element) => void;
}

const DAY = 86_400_000;
/** How long `acceptAll()` and friends wait for the receipt id before resolving without it. */
const RECEIPT_WAIT_MS = 10_000;
type Recorder = (input: DecisionInput) => Promise<RecordedReceipt>;

/** Loads the receipts layer only when a decision is made, so it stays off the banner's first paint in ESM. */
async function loadRecorder(): Promise<Recorder> {
  void loadDelivery();
  const module = SCRIPT_EXTRAS
    ? await extrasModule<{ recordDecision: Recorder }>('record')
    : ((await import('../consent/record.js')) as { recordDecision: Recorder });
  return module.recordDecision;
}

function gpcSignal(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true
  );
}

/** Picks a host text for `locale` (exact, then same language, then English, then any). */
export function localText(text: LocalText | undefined, locale: string): string | undefined {
  if (text === undefined || typeof text === 'string') return text;
  const table = text as Record<string, string | undefined>;
  return (
    table[locale] ??
    (locale.startsWith('zh') ? (table['zh-CN'] ?? table['zh-TW']) : undefined) ??
    table.en ??
    Object.values(table)[0]
  );
}

/**
 * A category's title: the host's, else the bundled one for well-known ids (necessary, analytics…,
 * permission purposes) through `translate`, else its id.
 */
export function categoryTitle(
  category: CategoryConfig,
  locale: string,
  translate: (key: string) => string,
): string {
  const own = localText(category.title, locale);
  if (own) return own;
  const key =
    category.kind === 'permission' && category.permission
      ? `cookies.permissions.${category.permission}`
      : `cookies.categories.${category.id}.title`;
  const bundled = translate(key);
  return bundled === key ? category.id : bundled;
}

export class ConsentEngine {
  private configInput: unknown;
  private current: CookieConfig | undefined;
  private stored: ConsentState | undefined;
  private readonly listeners = new Set<ChangeListener>();
  private readonly configListeners = new Set<ConfigListener>();
  private clickListening = false;
  readonly ui: ConsentUiHooks = {};

  /** The validated configuration, once one was given. */
  get config(): CookieConfig | undefined {
    return this.current;
  }

  /**
   * Sets the configuration (validated; mistakes throw {@link ConsentConfigError} and are reported as
   * `assent-error` with code `invalid-config`). Sends the Consent Mode default before anything else runs,
   * then applies the stored decision. Giving the same object again does nothing.
   */
  configure(input: unknown, errorTarget?: EventTarget): CookieConfig {
    if (input === this.configInput && this.current) return this.current;
    let config: CookieConfig;
    try {
      config = validateConfig(input);
    } catch (error) {
      if (error instanceof ConsentConfigError) reportError(error.code, error.message, errorTarget, error);
      throw error;
    }
    registerStrings(cookieStrings);
    setConfiguredNonce(config.scriptNonce);
    this.configInput = input;
    this.current = config;
    this.stored = readState(config, () =>
      reportError(
        'consent-state-refused',
        'a stored decision that this origin did not write (no matching origin token) was ignored',
        errorTarget,
      ),
    );
    this.resumePendingReceipt(config);
    sendDefault(config);
    if (config.consentMode && (this.isValid() || this.partialGrants() || this.hasDefaultGrants()))
      sendUpdate(config, (id) => this.has(id));
    this.listenForOpeners();
    this.gate();
    if (typeof document !== 'undefined' && document.readyState === 'loading') {
      // Gated elements further down the page are parsed after this runs.
      document.addEventListener('DOMContentLoaded', () => this.gate(), { once: true });
    }
    for (const listener of this.configListeners) listener(config);
    return config;
  }

  /** Forgets the configuration and in-memory state (the stored cookie stays). For tests and SPA teardown. */
  reset(): void {
    resetConsentMode();
    this.configInput = undefined;
    this.current = undefined;
    this.stored = undefined;
  }

  private requireConfig(): CookieConfig {
    if (!this.current) {
      const error = new ConsentConfigError([
        'no configuration yet: give <privacy-banner> or <cookie-manager> a config, or call consent.configure()',
      ]);
      reportError('no-config', error.message);
      throw error;
    }
    return this.current;
  }

  private isCurrent(s: ConsentState | undefined): s is ConsentState {
    return !!s && !!this.current && s.revision === this.current.revision && s.expiresAt > Date.now();
  }

  private isValid(): boolean {
    return this.isCurrent(this.stored) && this.stored.decision !== 'partial';
  }

  /** Services (or categories) allowed one by one from embed placeholders while no decision exists. */
  private partialGrants(): ConsentState | undefined {
    const s = this.stored;
    return this.isCurrent(s) && s.decision === 'partial' ? s : undefined;
  }

  private hasDefaultGrants(): boolean {
    return !!this.current?.categories.some((c) => !c.necessary && this.defaultFor(c));
  }

  /** A category's value before any decision: necessary on; preselected on unless GPC refuses it. */
  private defaultFor(category: CategoryConfig): boolean {
    if (category.necessary) return true;
    if (category.gpc && gpcSignal()) return false;
    return category.preselected === true;
  }

  private categoryOf(id: string): CategoryConfig | undefined {
    return (
      this.current?.categories.find((c) => c.id === id) ??
      (this.current && servicesOf(this.current).find(({ service }) => service.id === id)?.category)
    );
  }

  /**
   * A refusal (a category refused, everything rejected, consent withdrawn) made less than
   * `refusalCooldownHours` ago: the same question is not asked again so soon, whatever changed since.
   */
  private refusedRecently(s: ConsentState): boolean {
    const config = this.current;
    if (!config || s.decision === 'partial') return false;
    const refused =
      s.decision === 'declined' ||
      s.decision === 'withdrawn' ||
      config.categories.some((category) => !category.necessary && s.categories[category.id] === false);
    return refused && Date.now() - s.updatedAt < config.refusalCooldownHours * 3_600_000;
  }

  /** Whether a current choice is stored: a decision, or services allowed one by one before it. */
  hasStoredChoice(): boolean {
    return this.isCurrent(this.stored);
  }

  /** Why the banner should ask now, or null when a valid decision exists (or a refusal is too recent to ask again). */
  promptReason(): PromptReason | null {
    if (!this.current) return null;
    if (this.isValid()) return null;
    const s = this.stored;
    if (!s) return 'first';
    if (this.refusedRecently(s)) return null;
    if (s.decision === 'partial') return (this.isCurrent(s) && s.prompt) || 'first';
    return s.revision !== this.current.revision ? 'revision' : 'expired';
  }

  /** Whether the id (category or service) is granted, or undefined while there is no decision and no default. */
  verdict(id: string): boolean | undefined {
    const config = this.current;
    if (!config) return undefined;
    const category = this.categoryOf(id);
    if (!category) return undefined;
    if (category.necessary) return true;
    const isService = category.id !== id;
    if (this.isValid()) {
      const s = this.stored!;
      // Own keys only: an id like `constructor` must not find Object.prototype's member.
      const categoryGranted = own(s.categories, category.id) === true;
      return isService ? (own(s.services, id) ?? categoryGranted) : categoryGranted;
    }
    // Allowed one by one from a placeholder: an explicit choice for that service, stronger than GPC.
    const partial = this.partialGrants();
    if (
      partial &&
      ((isService && own(partial.services, id) === true) || own(partial.categories, category.id) === true)
    )
      return true;
    if (category.gpc && gpcSignal()) return false; // GPC is a refusal, even before any choice
    return category.preselected ? true : undefined;
  }

  /** Whether a category or service is granted now (necessary categories always are). */
  has(id: string): boolean {
    return this.verdict(id) === true;
  }

  get(): ConsentSnapshot {
    const config = this.current;
    const valid = this.isValid();
    const s = valid ? this.stored! : undefined;
    const categories: Record<string, boolean> = {};
    const services: Record<string, boolean> = {};
    for (const category of config?.categories ?? []) {
      categories[category.id] = this.has(category.id);
      for (const service of category.services ?? []) services[service.id] = this.has(service.id);
    }
    const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
    return {
      decided: valid,
      decision: (s?.decision as StoredDecision | undefined) ?? null,
      categories,
      services,
      revision: s?.revision ?? null,
      decidedAt: iso(s?.decidedAt),
      updatedAt: iso(s?.updatedAt),
      expiresAt: iso(s?.expiresAt),
      receiptId: s?.receiptId ?? null,
      gpc: gpcSignal(),
      prompt: this.promptReason(),
    };
  }

  /** Calls `fn` after every change (`change`) or new configuration (`config`); returns the unsubscribe. */
  on(type: 'change', fn: ChangeListener): () => void;
  on(type: 'config', fn: ConfigListener): () => void;
  on(type: 'change' | 'config', fn: ChangeListener | ConfigListener): () => void {
    const set = (type === 'change' ? this.listeners : this.configListeners) as Set<typeof fn>;
    set.add(fn);
    return () => void set.delete(fn);
  }

  off(type: 'change' | 'config', fn: ChangeListener | ConfigListener): void {
    (type === 'change' ? this.listeners : this.configListeners).delete(fn as never);
  }

  /** Grants every category and service. */
  acceptAll(source: ChoiceSource = {}): Promise<ConsentSnapshot> {
    const choices = applyChoice(this.requireConfig(), this.get(), { type: 'accept-all' });
    return this.decide(choices, 'accept-all', 'accepted', source);
  }

  /** Refuses everything but the strictly necessary, and clears what refused services left behind. */
  rejectAll(source: ChoiceSource = {}): Promise<ConsentSnapshot> {
    const choices = applyChoice(this.requireConfig(), this.get(), { type: 'reject-all' });
    return this.decide(choices, 'reject-all', 'declined', source);
  }

  /** Withdraws every consent in one step: the same as rejecting all, recorded as a withdrawal. */
  withdraw(source: ChoiceSource = {}): Promise<ConsentSnapshot> {
    const choices = applyChoice(this.requireConfig(), this.get(), { type: 'reject-all' });
    return this.decide(choices, 'withdraw', 'withdrawn', source);
  }

  /** Saves a custom choice; categories not named keep their current value, services follow their category unless named. */
  save(choice: Choice, source: ChoiceSource = {}): Promise<ConsentSnapshot> {
    const config = this.requireConfig();
    const choices = applyChoice(config, this.get(), { type: 'save', ...choice });
    return this.decide(choices, 'save', decisionOf(config, choices), source);
  }

  /**
   * Grants one service (the embed placeholder's button), keeping everything else as it is. Before any
   * decision this is no decision either: only that service is allowed, the banner still asks for the
   * rest, and the receipt names that service alone.
   */
  grantService(serviceId: string, source: ChoiceSource = {}): Promise<ConsentSnapshot> {
    const config = this.requireConfig();
    const now = this.get();
    const category = this.categoryOf(serviceId);
    if (!this.isValid()) {
      if (!category) return Promise.resolve(now);
      const partial = this.partialGrants();
      const grant = (map: Record<string, boolean> | undefined, on: boolean) => ({
        ...map,
        ...(on ? { [serviceId]: true } : {}),
      });
      const isCategory = category.id === serviceId;
      return this.decide(
        {
          categories: grant(partial?.categories, isCategory),
          services: grant(partial?.services, !isCategory),
        },
        'accept-service',
        'accepted',
        source,
        serviceId,
      );
    }
    const choices = applyChoice(config, now, { type: 'grant-service', id: serviceId });
    return this.decide(choices, 'accept-service', 'updated', source);
  }

  /** Opens the cookie manager (a modal one is created when the page has none). */
  showManager(source?: Element): void {
    if (this.ui.openManager) return this.ui.openManager(source);
    // The banner loads the manager on first use ("Customise"); without a loader it is missing.
    void ensureDefined('cookie-manager').then(() => {
      if (this.ui.openManager) this.ui.openManager(source);
      else
        reportError(
          'manager-missing',
          'the cookie manager is not loaded: import assent/cookie-manager.js or use the banner bundle',
        );
    });
  }

  private async decide(
    choice: Required<Choice>,
    action: ConsentAction,
    decision: StoredDecision,
    source: ChoiceSource,
    /** Set for a single service allowed before any decision: stored as `partial`, receipt for it alone. */
    only?: string,
  ): Promise<ConsentSnapshot> {
    const config = this.requireConfig();
    const before = this.get();
    const now = Date.now();
    const keep = this.isValid() ? this.stored : undefined;
    // A single service allowed while the banner asks again keeps the banner saying why it asks.
    const reason = only === undefined ? null : this.promptReason();
    const state: ConsentState = {
      v: STATE_VERSION,
      decision: only === undefined ? decision : 'partial',
      categories: choice.categories,
      services: choice.services,
      revision: config.revision,
      decidedAt: keep?.decidedAt ?? now,
      updatedAt: now,
      expiresAt: now + config.expiryDays * DAY,
      gpc: gpcSignal() || undefined,
      ...(reason === 'revision' || reason === 'expired' ? { prompt: reason } : {}),
    };
    this.stored = state;
    writeState(config, state);

    const after = this.get();
    const purposes = { ...after.categories, ...after.services };
    const previous = { ...before.categories, ...before.services };
    const changed = Object.keys(purposes).filter((id) => own(purposes, id) !== own(previous, id));
    const revoked = changed.filter((id) => own(previous, id) && !own(purposes, id));
    // A partial grant refuses nothing: services nobody decided on yet keep whatever they have.
    const refusedServices = new Set(
      Object.entries(after.services)
        .filter(([id, on]) => !on && (only === undefined || revoked.includes(id)))
        .map(([id]) => id),
    );

    if (config.consentMode) sendUpdate(config, (id) => this.has(id));
    clearRefused(config, refusedServices);
    const gated = this.gate();

    const detail: ConsentChangeDetail = { purposes, changed, decision };
    // From the element where the choice was made (it bubbles to `document`), else from `document`.
    const changeTarget =
      typeof Node !== 'undefined' && source.target instanceof Node && source.target.isConnected
        ? source.target
        : globalThis.document;
    if (changeTarget) emit(changeTarget, 'consent-change', detail);
    for (const listener of this.listeners) listener(after, detail);

    const locale =
      source.locale ?? (typeof document !== 'undefined' ? resolveLocale(document.documentElement) : 'en');
    if (decision !== 'declined' || config.recordDeclines) {
      const recorded = this.record(config, state, {
        type: 'cookie',
        decision,
        locale,
        purposes: only === undefined ? purposes : { [only]: true },
        method: { element: source.element ?? 'api', action, label: source.label ?? `consent.${action}` },
        // The choice lapses with the stored decision, and the banner asks again then.
        validUntil: new Date(state.expiresAt),
        target: source.target,
      });
      // The caller waits for the receipt id, but never forever: a receipt that takes longer still
      // lands in the stored state when it comes.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        recorded,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, RECEIPT_WAIT_MS))),
      ]);
      clearTimeout(timer);
    }
    await gated;
    if (config.reloadOnRevoke && revoked.length && typeof location !== 'undefined') {
      // Scripts that already ran cannot be unloaded: the page starts again without them.
      location.reload();
    }
    return this.get();
  }

  /** Records the decision's receipt and keeps its id with the decision; never rejects. */
  private async record(config: CookieConfig, state: ConsentState, input: DecisionInput): Promise<void> {
    // Until the receipt is stored in the outbox, a later page can still make it (src/cookies/pending.ts).
    keepPending(config, state.updatedAt, input);
    let record: Recorder;
    try {
      record = await loadRecorder();
    } catch (error) {
      reportError(
        'receipt-failed',
        `the cookie decision was applied but no receipt was recorded yet: ${String(error)}`,
        input.target,
        error,
      );
      return;
    }
    try {
      const receipt = await record(input);
      // Only when no later decision replaced this one meanwhile.
      if (this.stored === state && (receipt as { recorded?: boolean }).recorded !== false) {
        state.receiptId = receipt.id;
        writeState(config, state);
      }
    } catch (error) {
      // The choice stands and is stored locally. The receipts layer reports its own failures
      // (e.g. `insecure-context`).
      if ((error as Error)?.name !== 'ReceiptError') {
        reportError(
          'receipt-failed',
          `the cookie decision was applied but no receipt was recorded: ${String(error)}`,
          input.target,
          error,
        );
      }
    }
    dropPending(config, state.updatedAt);
  }

  /**
   * The stored decision's receipt was not made: the page it was made on closed before signing loaded.
   * It is made now, once this page is idle (its `issuedAt` and `page` are this page's).
   */
  private resumePendingReceipt(config: CookieConfig): void {
    const state = this.stored;
    if (!state || state.receiptId || typeof window === 'undefined') return;
    const input = pendingFor(config, state.updatedAt);
    if (!input) return;
    whenIdle(() => void (this.stored === state && this.record(config, state, input)));
  }

  private gate(): Promise<void> {
    if (typeof document === 'undefined' || !this.current) return Promise.resolve();
    return applyGating(
      document,
      (id) => this.verdict(id),
      (serviceId, label) => void this.grantService(serviceId, { element: 'privacy-banner', label }),
      (id, locale) => this.nameOf(id, locale as SupportedLocale),
    );
  }

  /** Re-translates embed placeholders (call after the page language changes). */
  refresh(): void {
    if (typeof document === 'undefined' || !this.current) return;
    refreshPlaceholders(
      document,
      (serviceId, label) => void this.grantService(serviceId, { element: 'privacy-banner', label }),
      (id, locale) => this.nameOf(id, locale as SupportedLocale),
    );
  }

  /** Scans the page again for gated scripts and embeds (after a single-page app inserted some). */
  scan(): Promise<void> {
    return this.gate();
  }

  private nameOf(id: string, locale: SupportedLocale): string | undefined {
    if (!this.current) return undefined;
    const found = servicesOf(this.current).find(({ service }) => service.id === id);
    if (found) return localText(found.service.name, locale) ?? id;
    return localText(this.current.categories.find((c) => c.id === id)?.title, locale);
  }

  /** Forgets the stored decision (the banner asks again). */
  forget(): void {
    if (this.current) eraseState(this.current);
    this.stored = undefined;
  }

  private listenForOpeners(): void {
    if (this.clickListening || typeof document === 'undefined') return;
    this.clickListening = true;
    document.addEventListener('click', (event) => {
      const opener = (event.target as Element | null)?.closest?.('[data-assent-open="cookie-manager"]');
      if (!opener) return;
      event.preventDefault();
      this.showManager(opener);
    });
  }
}

/** The page-wide engine (shared by the IIFE and ESM copies). */
export function consentEngine(): ConsentEngine {
  return shared('cookie-consent', () => new ConsentEngine());
}
