/**
 * How a stored receipt reaches delivery without the receipts layer knowing about delivery: `consent/`
 * announces what it put in (or dropped from) the outbox here, and `delivery/` listens when it loads.
 * Announcements made before delivery listens wait here (a bounded backlog) and are handed over when
 * it does, so a receipt kept only in memory is never lost to load order.
 */
import { shared } from './global.js';
import type { OutboxEntry } from './store.js';

export interface OutboxListener {
  /** A new receipt is in the outbox (or only in memory when `stored` is false). */
  added(entry: OutboxEntry, target: EventTarget | undefined, stored: boolean): void;
  /** The bounded outbox dropped these to make room. */
  dropped(entries: OutboxEntry[]): void;
  /** An entry changed after it was added (the host's countersignature arrived). */
  updated(entry: OutboxEntry): Promise<void>;
}

type Announcement = (listener: OutboxListener) => unknown;

/** Receipts are made by people clicking: far fewer than this wait for a listener on any real page. */
const BACKLOG_LIMIT = 1000;

interface Hub {
  listener?: OutboxListener;
  backlog: Announcement[];
}

function hub(): Hub {
  return shared<Hub>('outbox-events', () => ({ backlog: [] }));
}

function announce(announcement: Announcement): void {
  const { listener, backlog } = hub();
  if (listener) void announcement(listener);
  else if (backlog.length < BACKLOG_LIMIT) backlog.push(announcement);
}

export function receiptAdded(entry: OutboxEntry, target: EventTarget | undefined, stored: boolean): void {
  announce((listener) => listener.added(entry, target, stored));
}

export function receiptsDropped(entries: OutboxEntry[]): void {
  if (entries.length > 0) announce((listener) => listener.dropped(entries));
}

export function receiptUpdated(entry: OutboxEntry): void {
  announce((listener) => listener.updated(entry));
}

/** Delivery's one listener (one per page, shared by every copy of the library); replays the backlog. */
export function listenToOutbox(listener: OutboxListener): void {
  const state = hub();
  if (state.listener) return;
  state.listener = listener;
  for (const announcement of state.backlog.splice(0)) void announcement(listener);
}
