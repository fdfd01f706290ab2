/**
 * Gets every receipt in the outbox to the backend, one page-wide instance shared by all copies of
 * the library. A receipt is removed only after a 2xx (or the host transport's success). Attempts are
 * counted in storage before each send, so the retry bound holds across reloads; backoff times are
 * stored too, so a reload does not reset them. Across tabs, a Web Lock per receipt keeps two tabs
 * from sending the same one at once, and the entry is re-read under the lock (another tab may have
 * delivered it a moment ago).
 */
import { getConfig, onConfigure, resolveProvider, type AssentConfig } from '../consent/config.js';
import { emit, reportError } from '../events/events.js';
import { shared } from '../internal/global.js';
import { LOCK_UNAVAILABLE, withLock } from '../internal/locks.js';
import { checkLogAnswer, endpointKey, type LogCheck } from './log-check.js';
import {
  backoffDelay,
  endpointAccess,
  endpointOf,
  requestHeaders,
  sendOnce,
  type SendOutcome,
} from './send.js';
import { listenToOutbox } from '../internal/outbox-events.js';
import { getStorage, type OutboxEntry, type ReceiptStorage } from '../internal/store.js';

/** Browsers allow 64 KiB of keepalive bodies in flight per page; stay under it. */
const KEEPALIVE_BUDGET = 60 * 1024;
/** At most this many keepalive requests per unload (each holds a connection while in flight). */
const KEEPALIVE_MAX_REQUESTS = 16;
/** While the browser says it is offline, how often to look again without waiting for `online`. */
const OFFLINE_RECHECK_MS = 30_000;
/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type LockedResult = 'delivered' | 'retry' | 'rejected' | 'skipped';

/** The page's outbox, under the host's configured name. */
function outbox(): Promise<ReceiptStorage> {
  return getStorage(getConfig().storageName);
}

export class Courier {
  /** Pending receipts this page created or tried: what `pagehide` sends with keepalive. */
  private readonly owned = new Map<string, OutboxEntry>();
  /** Where each receipt's events go (the element that made it), for this page's receipts. */
  private readonly targets = new Map<string, EventTarget>();
  /** Receipts kept only in memory because storage refused them (quota). */
  private readonly unstored = new Map<string, OutboxEntry>();
  private running = false;
  private again = false;
  private ignoreBackoff = false;
  /** The last round was skipped because the browser said it was offline (since `offlineSince`). */
  private offline = false;
  private offlineSince?: number;
  private timer?: ReturnType<typeof setTimeout>;
  private started = false;
  /** Host headers from the last send, for `pagehide` (which cannot wait for an async provider). */
  private lastHeaders?: Record<string, string>;
  /** Sends made by this page, per receipt id (tests read it to check the retry bound). */
  readonly sends = new Map<string, number>();

  /** Listens for `online` / `pagehide` and delivers whatever is waiting. Safe to call often. */
  start(): void {
    if (this.started) {
      this.kick();
      return;
    }
    this.started = true;
    if (typeof addEventListener === 'function') {
      addEventListener('online', () => {
        this.ignoreBackoff = true;
        this.offlineSince = undefined;
        this.kick();
      });
      addEventListener('pagehide', () => this.flushWithKeepalive());
    }
    onConfigure(() => this.kick());
    this.kick();
  }

  /** A new receipt is in the outbox (or only in memory when `stored` is false). */
  track(entry: OutboxEntry, target: EventTarget | undefined, stored: boolean): void {
    this.owned.set(entry.id, entry);
    if (target) this.targets.set(entry.id, target);
    if (!stored) this.unstored.set(entry.id, entry);
    this.start();
  }

  /** Updates a tracked entry (e.g. the host countersignature arrived). */
  async update(entry: OutboxEntry): Promise<void> {
    if (this.owned.has(entry.id)) this.owned.set(entry.id, entry);
    if (this.unstored.has(entry.id)) this.unstored.set(entry.id, entry);
    else await (await outbox()).put(entry).catch(() => undefined);
  }

  /** Runs a delivery round now (or right after the current one). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    void this.pump();
  }

  /**
   * Gives parked receipts (attempts used up) a new round of attempts now. Receipts whose receiver
   * failed its log check (`status: 'log-inconsistent'`) only when `logInconsistent` is set: sending
   * them again to the same receiver proves nothing new, so the host decides.
   */
  async retryParked(options: { logInconsistent?: boolean } = {}): Promise<void> {
    const retried = (entry: OutboxEntry) =>
      entry.parked && (entry.status !== 'log-inconsistent' || options.logInconsistent === true);
    const fresh = { parked: false, attempts: 0, status: undefined };
    const storage = await outbox();
    for (const entry of await storage.list()) {
      if (retried(entry)) await storage.put({ ...entry, ...fresh, nextAttemptAt: Date.now() });
    }
    for (const entry of this.unstored.values()) {
      if (retried(entry)) Object.assign(entry, { ...fresh, nextAttemptAt: 0 });
    }
    this.kick();
  }

  /** Receipts waiting for acknowledgement (stored and memory-only). */
  async pending(): Promise<OutboxEntry[]> {
    const stored = await (await outbox()).list().catch(() => []);
    return [...stored, ...this.unstored.values()];
  }

  private async pump(): Promise<void> {
    this.running = true;
    clearTimeout(this.timer);
    try {
      do {
        this.again = false;
        await this.round();
      } while (this.again);
    } catch (error) {
      reportError('delivery-error', error instanceof Error ? error.message : String(error));
    } finally {
      this.running = false;
    }
    await this.schedule();
  }

  private async all(storage: ReceiptStorage): Promise<OutboxEntry[]> {
    const stored = await storage.list();
    // Chain order within the oldest-first list keeps the backend's view in signing order.
    return [...stored, ...this.unstored.values()].sort(
      (a, b) => a.createdAt - b.createdAt || a.payload.seq - b.payload.seq,
    );
  }

  private async round(): Promise<void> {
    // Offline: nothing can succeed; `online` starts the next round. The browser only knows about
    // network interfaces, so every OFFLINE_RECHECK_MS one round is tried anyway.
    const reportedOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
    if (!reportedOffline) this.offlineSince = undefined;
    else if (this.offlineSince === undefined || Date.now() - this.offlineSince < OFFLINE_RECHECK_MS) {
      this.offlineSince ??= Date.now();
      this.offline = true;
      return;
    } else this.offlineSince = Date.now();
    this.offline = false;
    const config = getConfig();
    const storage = await outbox();
    const ignoreBackoff = this.ignoreBackoff;
    this.ignoreBackoff = false;
    const now = Date.now();
    for (const entry of await this.all(storage)) {
      // Evidence that a receiver rewrote its log stays until the host acts on it.
      if (entry.status === 'log-inconsistent') continue;
      if (now - entry.createdAt > config.outbox.maxAgeMs) {
        await this.drop(storage, entry, 'expired');
        continue;
      }
      if (entry.parked) {
        if (entry.parkedAt !== undefined && now - entry.parkedAt >= config.retryParkedAfterMs) {
          await this.save(storage, { ...entry, parked: false, attempts: 0, nextAttemptAt: now });
        } else continue;
      } else if (entry.nextAttemptAt > now && !ignoreBackoff) continue;
      const result = await withLock(
        `${storage.name}:send:${entry.id}`,
        () => this.sendLocked(storage, entry.id, ignoreBackoff),
        {
          ifAvailable: true,
        },
      );
      // The backend or the network is failing: the rest would fail the same way. Stop the round
      // instead of spending every receipt's attempts; the next round starts after the backoff.
      if (result === 'retry') break;
      if (result === LOCK_UNAVAILABLE) continue;
    }
  }

  private async read(storage: ReceiptStorage, id: string): Promise<OutboxEntry | undefined> {
    return this.unstored.get(id) ?? (await storage.get(id));
  }

  private async save(storage: ReceiptStorage, entry: OutboxEntry): Promise<void> {
    const memory = this.unstored.get(entry.id);
    if (memory) Object.assign(memory, entry);
    else await storage.put(entry);
    if (this.owned.has(entry.id)) this.owned.set(entry.id, entry);
  }

  private async sendLocked(
    storage: ReceiptStorage,
    id: string,
    ignoreBackoff: boolean,
  ): Promise<LockedResult> {
    const config = getConfig();
    const fresh = await this.read(storage, id);
    if (!fresh) {
      this.owned.delete(id);
      return 'skipped';
    }
    const now = Date.now();
    if (fresh.parked || (fresh.nextAttemptAt > now && !ignoreBackoff)) return 'skipped';
    // Count the attempt before sending: if the page goes away mid-send, it still counts.
    const attempt: OutboxEntry = {
      ...fresh,
      attempts: fresh.attempts + 1,
      nextAttemptAt: now + backoffDelay(fresh.attempts + 1, config),
    };
    await this.save(storage, attempt);
    this.owned.set(id, attempt);
    this.sends.set(id, (this.sends.get(id) ?? 0) + 1);
    let hostHeaders: Record<string, string> | undefined;
    if (!config.transport) {
      try {
        hostHeaders = this.lastHeaders = (await resolveProvider(config.headers)) ?? {};
      } catch (error) {
        reportError('provider-failed', `The headers provider failed: ${String(error)}`);
        hostHeaders = this.lastHeaders ?? {};
      }
    }
    // The transparency log is checked on fetch answers; a host transport answers for itself.
    const endpoint = endpointKey(endpointOf(attempt, config));
    const known = config.transport ? undefined : await storage.getTreeHead(endpoint).catch(() => undefined);
    const outcome: SendOutcome = await sendOnce(attempt, config, hostHeaders, known?.treeSize);
    if (outcome.kind === 'acknowledged') {
      const check: LogCheck = config.transport
        ? { kind: 'no-log' }
        : await checkLogAnswer(endpoint, attempt.jws, outcome.answer, known);
      if (check.kind === 'inconsistent') {
        // Stored by a receiver whose log does not hold up: keep it, marked, and never send it again on our own.
        await this.save(storage, {
          ...attempt,
          parked: true,
          parkedAt: undefined,
          status: 'log-inconsistent',
          lastError: 'log-inconsistent',
        });
        this.dispatch(id, 'receipt-delivery-failed', { id, receipt: attempt.jws, error: 'log-inconsistent' });
        reportError('log-inconsistent', `Receipt ${id} at ${endpoint}: ${check.message}`, this.targetOf(id));
        return 'rejected';
      }
      if (check.kind === 'verified') await storage.putTreeHead(check.head).catch(() => undefined);
      this.unstored.delete(id);
      await storage.delete(id);
      this.owned.delete(id);
      this.dispatch(id, 'receipt-delivered', { id, receipt: attempt.jws });
      this.targets.delete(id);
      return 'delivered';
    }
    const exhausted = outcome.kind === 'rejected' || attempt.attempts >= config.maxAttempts;
    if (exhausted) {
      await this.save(storage, { ...attempt, parked: true, parkedAt: Date.now(), lastError: outcome.error });
      this.dispatch(id, 'receipt-delivery-failed', { id, receipt: attempt.jws, error: outcome.error });
      return outcome.kind === 'rejected' ? 'rejected' : 'retry';
    }
    const wait = Math.max(
      attempt.nextAttemptAt - Date.now(),
      outcome.kind === 'retry' ? (outcome.retryAfterMs ?? 0) : 0,
    );
    await this.save(storage, {
      ...attempt,
      nextAttemptAt: Date.now() + Math.min(wait, config.backoff.maxMs),
      lastError: outcome.error,
    });
    return 'retry';
  }

  private async drop(
    storage: ReceiptStorage,
    entry: OutboxEntry,
    reason: 'expired' | 'dropped',
  ): Promise<void> {
    this.unstored.delete(entry.id);
    await storage.delete(entry.id);
    this.owned.delete(entry.id);
    this.dispatch(entry.id, 'receipt-delivery-failed', { id: entry.id, receipt: entry.jws, error: reason });
    reportError(
      reason === 'expired' ? 'outbox-expired' : 'outbox-full',
      `Receipt ${entry.id} was removed from the outbox unacknowledged (${reason}).`,
    );
  }

  /** The bounded outbox made room: report what was dropped. */
  async reportDropped(entries: OutboxEntry[]): Promise<void> {
    const storage = await outbox();
    for (const entry of entries) await this.drop(storage, entry, 'dropped');
  }

  /** Where events about receipt `id` go: the element that made it, else the document. */
  private targetOf(id: string): EventTarget | undefined {
    let target = this.targets.get(id);
    // A detached element's events would reach nobody; the document always can.
    if (target && typeof Node !== 'undefined' && target instanceof Node && !target.isConnected)
      target = undefined;
    return target ?? (typeof document !== 'undefined' ? document : undefined);
  }

  private dispatch(
    id: string,
    type: 'receipt-delivered' | 'receipt-delivery-failed',
    detail: { id: string; receipt?: string; error?: string },
  ) {
    const target = this.targetOf(id);
    if (target) emit(target, type, detail);
  }

  private async schedule(): Promise<void> {
    const config = getConfig();
    let storage: ReceiptStorage;
    let entries: OutboxEntry[];
    try {
      storage = await outbox();
      entries = await this.all(storage);
    } catch {
      return;
    }
    let next = Infinity;
    for (const entry of entries) {
      const at = entry.parked
        ? (entry.parkedAt ?? Infinity) + config.retryParkedAfterMs
        : entry.nextAttemptAt;
      next = Math.min(next, at);
    }
    if (this.offline && next !== Infinity)
      next = Math.max(next, (this.offlineSince ?? Date.now()) + OFFLINE_RECHECK_MS);
    if (next === Infinity || this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), Math.min(MAX_TIMER_MS, Math.max(0, next - Date.now())));
  }

  /**
   * `pagehide`: whatever this page still has pending goes out once more with `keepalive`, from the
   * in-memory copy (there is no time to read storage). It stays in the outbox: the page cannot see
   * the answer, so the next page load sends it again and the backend answers 200 for the duplicate.
   */
  flushWithKeepalive(): void {
    const config: AssentConfig = getConfig();
    if (config.transport || typeof fetch !== 'function') return;
    let budget = KEEPALIVE_BUDGET;
    let requests = 0;
    for (const entry of this.owned.values()) {
      if (entry.parked) continue;
      const access = endpointAccess(endpointOf(entry, config), config);
      if (!access.allowed) continue; // reported when the regular send refused it
      budget -= entry.jws.length + 512;
      if (budget < 0 || ++requests > KEEPALIVE_MAX_REQUESTS) break;
      this.sends.set(entry.id, (this.sends.get(entry.id) ?? 0) + 1);
      try {
        void fetch(access.url, {
          method: 'POST',
          headers: requestHeaders(entry, access.configured ? this.lastHeaders : undefined),
          body: entry.jws,
          credentials: access.configured ? config.credentials : 'omit',
          keepalive: true,
        }).catch(() => undefined);
      } catch {
        // A refused keepalive (quota) must not break the page's unload.
      }
    }
  }
}

export function getCourier(): Courier {
  return shared('courier', () => new Courier());
}

// Delivery starts itself: once this module is loaded, every receipt the receipts layer stores (and any
// it stored before) is tracked and sent. Registering touches no storage and no DOM (SSR-safe).
listenToOutbox({
  added: (entry, target, stored) => getCourier().track(entry, target, stored),
  dropped: (entries) => void getCourier().reportDropped(entries),
  updated: (entry) => getCourier().update(entry),
});
