import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What is known about how one document was read. */
export interface ReadState {
  /** The end marker was on screen, or received focus (a screen reader's cursor, keyboard). */
  reachedEnd: boolean;
  /** Furthest scroll position reached, 0..1 (1 once the end was reached). */
  progress: number;
  /** Time the document was on screen while the page was visible, in ms. */
  dwellMs: number;
  /** Ids of the key clauses that were on screen, in the order first seen. */
  keyClausesSeen: string[];
}

/** The elements of one rendered document the controller watches. */
export interface ReadTarget {
  /** The scrolling body of the document (the IntersectionObserver root). */
  scroller: HTMLElement;
  /** An element at least 1 px tall after the last line of the document. */
  endMarker: HTMLElement;
  /** Key clause id -> its rendered element. */
  keyClauses: ReadonlyMap<string, Element>;
  /**
   * Marks spread through the document: progress is measured when one crosses the edge of the view,
   * so scrolling runs no script in between. Without them every scrolled frame is measured.
   */
  progressMarks?: readonly Element[];
  /** A bar to set to the progress (0–100) directly, without re-rendering the host. */
  progressBar?: HTMLProgressElement;
}

export interface ReadProgressOptions {
  /** Called whenever any document's state changes (end reached, progress, a key clause seen, dwell tick). */
  onChange?: (key: string, state: ReadState) => void;
  /**
   * Extra margin below the visible area that still counts as "on screen" for the end marker: absorbs
   * fractional scroll positions at browser zoom, where the last pixel may never quite come into view.
   */
  endMargin?: number;
  /** How often the dwell time is updated while a document is active, in ms. */
  tickMs?: number;
  /**
   * Whether a dwell tick of `key` should re-render the host (a countdown on screen); default yes.
   * The end being reached re-renders (or calls `onEnd`); progress goes to `progressBar`, key clauses to `onChange`.
   */
  tickUpdates?: (key: string) => boolean;
  /**
   * Called when the end of `key` is reached, instead of re-rendering the host: a host that shows it in
   * a few nodes updates those itself (a whole render at the end of a scroll is most of its script).
   */
  onEnd?: (key: string) => void;
}

interface Tracked {
  target: ReadTarget;
  state: ReadState;
  endObserver: IntersectionObserver;
  clauseObserver: IntersectionObserver;
  cleanup: () => void;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Tracks reading of one or more documents for an element. End detection uses an IntersectionObserver
 * on an end marker (never scroll arithmetic), so it holds at any zoom, for a document that fits without
 * scrolling, after late layout (fonts, images) and whatever scrolled the body: wheel, touch, PageDown,
 * Space, End, or `scrollIntoView`. Focus reaching the end marker counts too, for readers whose cursor
 * does not scroll. Dwell time accrues only for the active document, while the page is visible.
 */
export class ReadProgressController implements ReactiveController {
  private readonly host: Host;
  private readonly options: ReadProgressOptions;
  private readonly tracked = new Map<string, Tracked>();
  /** States outlive their targets: a tab re-rendered or a dialog reopened keeps what was read. */
  private readonly states = new Map<string, ReadState>();
  private activeKey: string | undefined;
  private activeSince: number | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly onVisibility = () => this.updateClock();

  constructor(host: Host, options: ReadProgressOptions = {}) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** The read state of document `key` (a fresh one if nothing was read yet). */
  state(key: string): ReadState {
    const state = this.entry(key);
    const running = key === this.activeKey && this.activeSince !== undefined;
    const dwellMs = state.dwellMs + (running ? Math.round(performance.now() - this.activeSince!) : 0);
    return { ...state, dwellMs, keyClausesSeen: [...state.keyClausesSeen] };
  }

  private entry(key: string): ReadState {
    let state = this.states.get(key);
    if (!state) {
      state = { reachedEnd: false, progress: 0, dwellMs: 0, keyClausesSeen: [] };
      this.states.set(key, state);
    }
    return state;
  }

  /** Starts watching the rendered elements of document `key`; replaces an earlier target of the same key. */
  track(key: string, target: ReadTarget): void {
    const current = this.tracked.get(key);
    if (current && sameTarget(current.target, target)) return;
    this.untrack(key);
    const state = this.entry(key);
    const margin = this.options.endMargin ?? 4;
    const endObserver = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) this.markEnd(key);
      },
      { root: target.scroller, rootMargin: `0px 0px ${margin}px 0px`, threshold: 0 },
    );
    endObserver.observe(target.endMarker);
    const idByElement = new Map<Element, string>();
    for (const [id, element] of target.keyClauses) idByElement.set(element, id);
    const clauseObserver = new IntersectionObserver(
      (entries) => {
        let changed = false;
        let markSeen = false;
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          // Seen once is enough for a clause or a mark (progress only grows): no more callbacks for it.
          clauseObserver.unobserve(entry.target);
          if (marks.has(entry.target)) markSeen = true;
          const id = idByElement.get(entry.target);
          if (!id || state.keyClausesSeen.includes(id)) continue;
          state.keyClausesSeen.push(id);
          changed = true;
        }
        // A mark coming into view (not one leaving it): one measurement per mark passed.
        if (markSeen) measure();
        if (changed) this.changed(key, false);
      },
      { root: target.scroller, threshold: 0 },
    );
    for (const element of target.keyClauses.values()) clauseObserver.observe(element);

    // Scroll position only feeds the progress indicator, never the end decision.
    const measure = () => {
      const { scrollTop, scrollHeight, clientHeight } = target.scroller;
      const range = scrollHeight - clientHeight;
      const progress = range <= 0 ? 1 : Math.min(1, Math.max(0, scrollTop / range));
      if (progress > state.progress && !state.reachedEnd) {
        state.progress = progress;
        if (target.progressBar) target.progressBar.value = Math.round(progress * 100);
        this.changed(key, false);
      }
    };
    const marks = new Set(target.progressMarks ?? []);
    for (const mark of marks) clauseObserver.observe(mark);
    // Without marks, every scrolled frame is measured.
    let frame = 0;
    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        measure();
      });
    };
    // Focus on the end marker (screen-reader cursor, Tab) counts as reaching the end.
    const onFocus = () => this.markEnd(key);
    target.endMarker.addEventListener('focus', onFocus);
    if (!marks.size) target.scroller.addEventListener('scroll', onScroll, { passive: true });
    this.tracked.set(key, {
      target,
      state,
      endObserver,
      clauseObserver,
      cleanup: () => {
        target.endMarker.removeEventListener('focus', onFocus);
        target.scroller.removeEventListener('scroll', onScroll);
        if (frame) cancelAnimationFrame(frame);
      },
    });
  }

  /** Stops watching document `key` (its state is kept). */
  untrack(key: string): void {
    const tracked = this.tracked.get(key);
    if (!tracked) return;
    tracked.endObserver.disconnect();
    tracked.clauseObserver.disconnect();
    tracked.cleanup();
    this.tracked.delete(key);
  }

  /** Which document is on screen now (its dwell clock runs); undefined when none is (dialog closed). */
  setActive(key: string | undefined): void {
    if (key === this.activeKey) return;
    this.stopClock();
    this.activeKey = key;
    this.updateClock();
  }

  /** Records that the reader reached the end of `key` (also used by hosts for documents with nothing to read). */
  markEnd(key: string): void {
    const state = this.entry(key);
    if (state.reachedEnd) return;
    state.reachedEnd = true;
    state.progress = 1;
    const bar = this.tracked.get(key)?.target.progressBar;
    if (bar) bar.value = 100;
    this.changed(key, !this.options.onEnd);
    this.options.onEnd?.(key);
  }

  /** Forgets what was read of `key` (a new version of the document was loaded). */
  reset(key: string): void {
    if (key === this.activeKey) this.stopClock();
    this.states.delete(key);
    const tracked = this.tracked.get(key);
    if (tracked) {
      const target = tracked.target;
      this.untrack(key);
      this.track(key, target);
    }
    if (key === this.activeKey) this.updateClock();
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
    this.updateClock();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.stopClock();
    for (const key of [...this.tracked.keys()]) this.untrack(key);
  }

  /** Tells `onChange`; re-renders the host only when what it shows may differ (`rerender`). */
  private changed(key: string, rerender: boolean): void {
    this.options.onChange?.(key, this.state(key));
    if (rerender) this.host.requestUpdate();
  }

  /** Runs the dwell clock for the active document while the page is visible, stops it otherwise. */
  private updateClock(): void {
    const running = this.activeKey !== undefined && document.visibilityState !== 'hidden';
    if (!running) {
      this.stopClock();
      return;
    }
    if (this.activeSince !== undefined) return;
    this.activeSince = performance.now();
    const key = this.activeKey!;
    this.timer = setInterval(
      () => this.changed(key, this.options.tickUpdates?.(key) ?? true),
      this.options.tickMs ?? 250,
    );
  }

  private stopClock(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.activeKey !== undefined && this.activeSince !== undefined) {
      const stored = this.states.get(this.activeKey);
      if (stored) stored.dwellMs += Math.round(performance.now() - this.activeSince);
    }
    this.activeSince = undefined;
  }
}

function sameTarget(a: ReadTarget, b: ReadTarget): boolean {
  if (
    a.scroller !== b.scroller ||
    a.endMarker !== b.endMarker ||
    a.progressBar !== b.progressBar ||
    a.progressMarks !== b.progressMarks
  )
    return false;
  if (a.keyClauses.size !== b.keyClauses.size) return false;
  for (const [id, element] of a.keyClauses) if (b.keyClauses.get(id) !== element) return false;
  return true;
}
