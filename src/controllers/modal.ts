import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { pushModal, type ModalHandle } from '../internal/modal.js';

type Host = ReactiveControllerHost & HTMLElement;

export interface ModalControllerOptions {
  /** The host's native `<dialog>`, looked up when opening (it may be rendered only while open). */
  dialog: () => HTMLDialogElement | null | undefined;
  /** Escape (or the browser's `cancel`) while this modal is the topmost one of the page. */
  onEscape: (event: Event) => void;
  /**
   * The browser closed the dialog by itself (Chromium forces the close on a repeated Escape without
   * user activation): the host brings its own open state in line.
   */
  onForcedClose?: () => void;
}

export interface ModalOpenOptions {
  /** Where focus returns on close (default: the opener already set, else whatever has focus outside the host). */
  opener?: Element;
  /** Open the `<dialog>` with `showModal()` (default true); false only tracks focus, for a non-modal surface. */
  modal?: boolean;
}

/**
 * The mechanics every modal element shares, in one place: a native `<dialog>` opened with
 * `showModal()` (the rest of the page inert, focus kept inside, the backdrop), the page-wide modal
 * stack of `internal/modal.ts` (one scroll lock, Escape for the topmost modal only, the browser's
 * `cancel` routed there), the opener remembered and focus given back to it on close, and everything
 * released when the host leaves the page.
 *
 * Focus goes back only when it was inside the host or is lost (on `<body>`) when the surface closes:
 * a person who already moved on elsewhere is not pulled back.
 */
export class ModalController implements ReactiveController {
  private handle: ModalHandle | undefined;
  private shown: HTMLDialogElement | undefined;
  private returnTo: HTMLElement | undefined;
  private active = false;
  /** Focus was inside the host at its last update: the update may remove what had it. */
  private hadFocus = false;

  constructor(
    private readonly host: Host,
    private readonly options: ModalControllerOptions,
  ) {
    host.addController(this);
  }

  /** True between `open()` and `close()`. */
  get isOpen(): boolean {
    return this.active;
  }

  /** Where focus returns on close; the host may set it when it learns where focus came from. */
  get opener(): HTMLElement | undefined {
    return this.returnTo;
  }

  set opener(element: Element | undefined) {
    this.returnTo = element instanceof HTMLElement ? element : undefined;
  }

  /**
   * Opens: remembers the opener and, unless `modal: false`, shows the `<dialog>` with `showModal()`
   * and puts it on the page's modal stack. Opening again while open only updates the opener. Throws
   * what `showModal()` throws (the host reports it and stays closed).
   */
  open(options: ModalOpenOptions = {}): void {
    const focused = deepActiveElement();
    const dialog = options.modal === false ? undefined : this.options.dialog();
    if (dialog && !dialog.open) {
      dialog.showModal();
      this.shown = dialog;
      dialog.addEventListener('cancel', this.onCancel);
      dialog.addEventListener('close', this.onClose);
      this.handle = pushModal({ owner: this.host, onEscape: this.options.onEscape });
    }
    if (options.opener) this.opener = options.opener;
    else if (!this.active && focused && !this.contains(focused)) this.returnTo = focused;
    this.active = true;
  }

  /** Closes the `<dialog>`, leaves the modal stack and gives focus back to the opener (see the class note). */
  close(): void {
    const dialog = this.shown;
    const focusInside = this.hadFocus || this.host.matches(':focus-within');
    this.release();
    if (dialog?.open) dialog.close();
    const opener = this.returnTo;
    this.returnTo = undefined;
    const focused = deepActiveElement();
    if (!opener?.isConnected) {
      // Nowhere to go back to: at least focus does not stay on something hidden now.
      if (focusInside) (document.activeElement as HTMLElement | null)?.blur();
      return;
    }
    if (focused !== opener && (focusInside || !focused)) opener.focus({ preventScroll: true });
  }

  hostUpdate(): void {
    if (this.active) this.hadFocus = this.host.matches(':focus-within');
  }

  hostDisconnected(): void {
    this.release();
    this.returnTo = undefined;
  }

  private release(): void {
    this.active = false;
    this.hadFocus = false;
    this.handle?.release();
    this.handle = undefined;
    this.shown?.removeEventListener('cancel', this.onCancel);
    this.shown?.removeEventListener('close', this.onClose);
    this.shown = undefined;
  }

  private contains(element: Element): boolean {
    return this.host.contains(element) || !!this.host.shadowRoot?.contains(element);
  }

  private readonly onCancel = (event: Event): void => {
    if (this.handle) this.handle.handleCancel(event);
    else event.preventDefault();
  };

  /**
   * `close` is queued: it may arrive after the host closed the dialog itself (released by then) or
   * after it opened it again (open by then). Only a dialog still ours and closed now was forced shut.
   */
  private readonly onClose = (event: Event): void => {
    if (this.shown === event.currentTarget && !this.shown.open) this.options.onForcedClose?.();
  };
}

/** The focused element, looking into shadow roots (the opener may be a checkbox inside a component). */
export function deepActiveElement(): HTMLElement | undefined {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}
