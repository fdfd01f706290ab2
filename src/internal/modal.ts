import { shared } from './global.js';

/**
 * What every modal element of the page shares, whichever copy of the library opened it: one
 * reference-counted scroll lock and one stack of open modals, so Escape is handled once, by the
 * topmost modal only, and nested modals close from the inside out.
 *
 * Usage (a native `<dialog>` opened with `showModal()`):
 *
 * ```ts
 * const modal = pushModal({ owner: this, onEscape: () => this.requestClose('keyboard') });
 * dialog.addEventListener('cancel', (event) => modal.handleCancel(event));
 * // ...on close:
 * modal.release();
 * ```
 */
export interface ModalOptions {
  /** The element that is modal (usually the custom element hosting the `<dialog>`). */
  owner: Element;
  /** Called when Escape is pressed (or the browser sends `cancel`) while this modal is the topmost. */
  onEscape: (event: Event) => void;
  /** Lock page scrolling while open (default true). */
  lockScroll?: boolean;
}

export interface ModalHandle {
  readonly owner: Element;
  /** True while this modal is the topmost open one. */
  readonly isTop: boolean;
  /**
   * Route a native `<dialog>` `cancel` event here. It keeps the browser from closing the dialog on its
   * own (the element decides through `onEscape`) and makes sure one Escape press is handled once even
   * when both `keydown` and `cancel` arrive. When the browser forces the close (a `cancel` that is not
   * cancelable, as Chromium does on a repeated Escape without user activation), the dialog's `close`
   * event follows: the element must treat that as hidden.
   */
  handleCancel(event: Event): void;
  /** Leaves the stack and drops this modal's share of the scroll lock. Safe to call twice. */
  release(): void;
}

interface ScrollLockState {
  count: number;
  saved: { overflow: string; paddingInlineEnd: string } | undefined;
}

interface ModalState {
  stack: ModalHandle[];
  listening: boolean;
  /** The keydown event the stack last handled, so the `cancel` that may follow it is not handled again. */
  handledKeydown: Event | undefined;
  onKeydown: (event: KeyboardEvent) => void;
  scroll: ScrollLockState;
}

function modalState(): ModalState {
  return shared('modal', () => {
    const state: ModalState = {
      stack: [],
      listening: false,
      handledKeydown: undefined,
      scroll: { count: 0, saved: undefined },
      onKeydown: (event: KeyboardEvent) => {
        if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
        const top = state.stack.at(-1);
        if (!top) return;
        // Keeps the browser from also sending `cancel` (and force-closing) for this press.
        event.preventDefault();
        state.handledKeydown = event;
        setTimeout(() => {
          if (state.handledKeydown === event) state.handledKeydown = undefined;
        });
        (top as ModalEntry).options.onEscape(event);
      },
    };
    return state;
  });
}

class ModalEntry implements ModalHandle {
  private released = false;
  private unlock: (() => void) | undefined;

  constructor(readonly options: ModalOptions) {
    if (options.lockScroll !== false) this.unlock = lockScroll();
  }

  get owner(): Element {
    return this.options.owner;
  }

  get isTop(): boolean {
    return modalState().stack.at(-1) === this;
  }

  handleCancel(event: Event): void {
    if (event.cancelable) event.preventDefault();
    const state = modalState();
    // Handled already by the keydown of the same press, or meant for a modal above this one.
    if (state.handledKeydown || !this.isTop) return;
    this.options.onEscape(event);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.unlock?.();
    const state = modalState();
    const index = state.stack.indexOf(this);
    if (index >= 0) state.stack.splice(index, 1);
    if (!state.stack.length && state.listening) {
      document.removeEventListener('keydown', state.onKeydown);
      state.listening = false;
    }
  }
}

/** Puts a modal on top of the page-wide stack; Escape goes to it until it is released or another opens above. */
export function pushModal(options: ModalOptions): ModalHandle {
  const state = modalState();
  // The same owner opening again replaces its old entry instead of stacking twice.
  for (const existing of state.stack.filter((entry) => entry.owner === options.owner)) existing.release();
  const entry = new ModalEntry(options);
  state.stack.push(entry);
  if (!state.listening && typeof document !== 'undefined') {
    // Bubble phase, so a control inside the modal that handles Escape itself (and prevents it) wins.
    document.addEventListener('keydown', state.onKeydown);
    state.listening = true;
  }
  return entry;
}

/** Number of modals open on the page (any copy of the library). */
export function openModalCount(): number {
  return modalState().stack.length;
}

/** The topmost open modal's owner, if any. */
export function topModal(): Element | undefined {
  return modalState().stack.at(-1)?.owner;
}

/**
 * Locks page scrolling until every caller has unlocked: the first lock hides the page's overflow
 * (keeping the scrollbar's width so nothing shifts), the last unlock restores what was there.
 * Returns the unlock function; calling it more than once has no further effect.
 */
export function lockScroll(): () => void {
  if (typeof document === 'undefined') return () => {};
  const { scroll } = modalState();
  if (scroll.count++ === 0) {
    const root = document.documentElement;
    const scrollbar = Math.max(0, window.innerWidth - root.clientWidth);
    scroll.saved = { overflow: root.style.overflow, paddingInlineEnd: root.style.paddingInlineEnd };
    root.style.overflow = 'hidden';
    if (scrollbar) root.style.paddingInlineEnd = `${scrollbar}px`;
    root.dataset.assentScrollLock = '';
  }
  let unlocked = false;
  return () => {
    if (unlocked) return;
    unlocked = true;
    if (--scroll.count > 0) return;
    scroll.count = 0;
    const root = document.documentElement;
    root.style.overflow = scroll.saved?.overflow ?? '';
    root.style.paddingInlineEnd = scroll.saved?.paddingInlineEnd ?? '';
    delete root.dataset.assentScrollLock;
    scroll.saved = undefined;
  };
}

/** True while at least one lock is held. */
export function isScrollLocked(): boolean {
  return modalState().scroll.count > 0;
}
