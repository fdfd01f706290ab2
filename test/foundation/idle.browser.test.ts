import { expect } from '@open-wc/testing';
import { whenIdle } from '../../src/internal/idle.js';

/** Replaces the page's idle functions for one test (undefined: the engine has none). */
function withIdle(
  request: typeof requestIdleCallback | undefined,
  cancel: typeof cancelIdleCallback | undefined,
): () => void {
  const original = { request: window.requestIdleCallback, cancel: window.cancelIdleCallback };
  window.requestIdleCallback = request!;
  window.cancelIdleCallback = cancel!;
  return () => {
    window.requestIdleCallback = original.request;
    window.cancelIdleCallback = original.cancel;
  };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('whenIdle', () => {
  it('runs once, and not after it is cancelled', async () => {
    let runs = 0;
    whenIdle(() => runs++, { timeoutMs: 50, fallbackDelayMs: 10 });
    const cancel = whenIdle(() => runs++, { timeoutMs: 50, fallbackDelayMs: 10 });
    cancel();
    await delay(150);
    expect(runs).to.equal(1);
  });

  it('cancels with the function that gave the handle, even after the page swapped them', async () => {
    const held = new Map<number, IdleRequestCallback>();
    const restore = withIdle(
      (callback) => {
        held.set(held.size + 1, callback);
        return held.size;
      },
      (handle) => held.delete(handle),
    );
    let cancel: () => void;
    try {
      cancel = whenIdle(() => {});
      expect(held.size).to.equal(1);
    } finally {
      restore();
    }
    // The stub is gone (on WebKit there is no cancelIdleCallback at all now): cancelling must not throw.
    expect(() => cancel()).not.to.throw();
    expect(held.size).to.equal(0);
  });

  it('falls back to a timer where only requestIdleCallback exists (a half polyfill)', async () => {
    let requested = 0;
    const restore = withIdle(() => ++requested, undefined);
    let runs = 0;
    try {
      whenIdle(() => runs++, { fallbackDelayMs: 10 });
    } finally {
      restore();
    }
    await delay(100);
    expect(requested).to.equal(0);
    expect(runs).to.equal(1);
  });
});
