/**
 * Runs `run` once the page is idle, and at the latest after `timeoutMs`; engines without
 * requestIdleCallback (Safari) run it after `fallbackDelayMs` instead. Returns a function that
 * cancels it.
 */
export function whenIdle(
  run: () => void,
  { timeoutMs = 5000, fallbackDelayMs = 200 }: { timeoutMs?: number; fallbackDelayMs?: number } = {},
): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(() => run(), { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(run, fallbackDelayMs);
  return () => clearTimeout(handle);
}
