/**
 * Web Locks where they exist (they coordinate every tab of the origin), a plain in-page run where
 * they do not (older engines, opaque origins that throw SecurityError). Callers keep their own
 * in-page serialisation; the lock adds the cross-tab part.
 */
export const LOCK_UNAVAILABLE: unique symbol = Symbol('lock-unavailable');

export interface LockOptions {
  /** Answer {@link LOCK_UNAVAILABLE} at once when another holder has the lock. */
  ifAvailable?: boolean;
  /**
   * Take the lock from its holder after waiting this long. A holder that never lets go (a frozen or
   * cached page, a stalled storage call) would otherwise stall every later request of the origin.
   */
  stealAfterMs?: number;
}

type LockCallback<T> = (lock: Lock | null) => Promise<T | typeof LOCK_UNAVAILABLE>;

export async function withLock<T>(
  name: string,
  run: () => Promise<T>,
  options: LockOptions = {},
): Promise<T | typeof LOCK_UNAVAILABLE> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks || typeof locks.request !== 'function') return run();
  let entered = false;
  const locked: LockCallback<T> = async (lock) => {
    entered = true;
    if (!lock) return LOCK_UNAVAILABLE;
    return run();
  };
  try {
    if (options.stealAfterMs === undefined || options.ifAvailable)
      return await locks.request(name, { ifAvailable: !!options.ifAvailable }, locked);
    return await requestOrSteal(locks, name, options.stealAfterMs, locked);
  } catch (error) {
    // The lock manager itself refused (e.g. SecurityError in a sandboxed frame): run unlocked.
    if (!entered) return run();
    throw error;
  }
}

async function requestOrSteal<T>(
  locks: LockManager,
  name: string,
  stealAfterMs: number,
  locked: LockCallback<T>,
): Promise<T | typeof LOCK_UNAVAILABLE> {
  const waited = new AbortController();
  const timer = setTimeout(() => waited.abort(), stealAfterMs);
  let granted = false;
  try {
    return await locks.request(name, { signal: waited.signal }, (lock) => {
      granted = true;
      clearTimeout(timer);
      return locked(lock);
    });
  } catch (error) {
    if (granted || !waited.signal.aborted) throw error;
    return locks.request(name, { steal: true }, locked);
  } finally {
    clearTimeout(timer);
  }
}
