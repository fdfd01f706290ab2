/**
 * Runs `run` once the page is idle, and at the latest after `timeoutMs`; engines without
 * requestIdleCallback (Safari) run it after `fallbackDelayMs` instead. Returns a function that
 * cancels it.
 */
export function whenIdle(
  run: () => void,
  { timeoutMs = 5000, fallbackDelayMs = 200 }: { timeoutMs?: number; fallbackDelayMs?: number } = {},
): () => void {
  // The pair in place now: a page (or a polyfill) may replace or remove them before the cancel, and a
  // handle only means something to the function that gave it.
  const request = globalThis.requestIdleCallback;
  const cancel = globalThis.cancelIdleCallback;
  if (typeof request === 'function' && typeof cancel === 'function') {
    const handle = request(() => run(), { timeout: timeoutMs });
    return () => cancel(handle);
  }
  const handle = setTimeout(run, fallbackDelayMs);
  return () => clearTimeout(handle);
}
