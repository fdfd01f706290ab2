/**
 * Web Locks where they exist (they coordinate every tab of the origin), a plain in-page run where
 * they do not (older engines, opaque origins that throw SecurityError). Callers keep their own
 * in-page serialisation; the lock adds the cross-tab part.
 */
export const LOCK_UNAVAILABLE: unique symbol = Symbol('lock-unavailable');

export async function withLock<T>(
  name: string,
  run: () => Promise<T>,
  options: { ifAvailable?: boolean } = {},
): Promise<T | typeof LOCK_UNAVAILABLE> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks || typeof locks.request !== 'function') return run();
  let entered = false;
  try {
    return await locks.request(name, { ifAvailable: !!options.ifAvailable }, async (lock) => {
      entered = true;
      if (!lock) return LOCK_UNAVAILABLE;
      return run();
    });
  } catch (error) {
    // The lock manager itself refused (e.g. SecurityError in a sandboxed frame): run unlocked.
    if (!entered) return run();
    throw error;
  }
}
