type IdleScheduler = (run: () => void, options?: { timeout: number }) => void;

/**
 * Runs `run` once the page is idle, and at the latest after `timeoutMs`; engines without
 * requestIdleCallback (Safari) run it after a short delay instead.
 */
export function whenIdle(run: () => void, timeoutMs = 5000): void {
  const idle =
    (globalThis as { requestIdleCallback?: IdleScheduler }).requestIdleCallback ??
    ((callback: () => void) => setTimeout(callback, 200));
  idle(run, { timeout: timeoutMs });
}
