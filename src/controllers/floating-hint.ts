import { autoUpdate, computePosition, flip, offset, shift, type Placement } from '@floating-ui/dom';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface FloatingHintOptions {
  placement?: Placement;
  /** Gap between anchor and hint, in px. */
  gap?: number;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Keeps a hint element (e.g. a validity message) next to its anchor with @floating-ui/dom, following
 * scroll and resize while shown. Where the Popover API exists the hint goes to the top layer
 * (`popover="manual"`), so an `overflow: hidden` ancestor or an open modal cannot hide it.
 */
export class FloatingHintController implements ReactiveController {
  private readonly options: FloatingHintOptions;
  private stopAutoUpdate: (() => void) | undefined;
  private floating: HTMLElement | undefined;

  constructor(host: Host, options: FloatingHintOptions = {}) {
    this.options = options;
    host.addController(this);
  }

  get open(): boolean {
    return this.floating !== undefined;
  }

  /** Shows `floating` anchored to `anchor` and keeps it there until `hide()`. */
  show(anchor: Element, floating: HTMLElement): void {
    this.hide();
    this.floating = floating;
    floating.hidden = false;
    if (supportsPopover(floating)) {
      floating.setAttribute('popover', 'manual');
      if (!floating.matches(':popover-open')) floating.showPopover();
    }
    Object.assign(floating.style, { position: 'fixed', top: '0px', left: '0px', margin: '0' });
    const update = () => {
      void computePosition(anchor, floating, {
        strategy: 'fixed',
        placement: this.options.placement ?? 'bottom-start',
        middleware: [offset(this.options.gap ?? 8), flip(), shift({ padding: 8 })],
      }).then(({ x, y, placement }) => {
        if (this.floating !== floating) return;
        floating.style.left = `${x}px`;
        floating.style.top = `${y}px`;
        floating.dataset.placement = placement;
      });
    };
    this.stopAutoUpdate = autoUpdate(anchor, floating, update);
  }

  hide(): void {
    this.stopAutoUpdate?.();
    this.stopAutoUpdate = undefined;
    const floating = this.floating;
    this.floating = undefined;
    if (!floating) return;
    if (supportsPopover(floating) && floating.matches(':popover-open')) floating.hidePopover();
    floating.hidden = true;
  }

  hostDisconnected(): void {
    this.hide();
  }
}

function supportsPopover(element: HTMLElement): boolean {
  return typeof element.showPopover === 'function';
}
