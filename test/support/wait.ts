/**
 * Waiting in tests, once for all of them (Node and browsers): a pause, a poll until something holds,
 * and the next event of a type. A wait that runs out throws, naming what it waited for.
 */

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every `intervalMs` until it holds; throws after `timeoutMs` with `what` in the message. */
export async function until(
  what: string | (() => string),
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(intervalMs);
  }
}

/** The next `type` event on `target` (default `document`) that passes `filter`. */
export function nextEvent<T extends Event>(
  type: string,
  target: EventTarget = document,
  filter: (event: T) => boolean = () => true,
): Promise<T> {
  return new Promise<T>((resolve) => {
    const listener = (event: Event) => {
      if (!filter(event as T)) return;
      target.removeEventListener(type, listener);
      resolve(event as T);
    };
    target.addEventListener(type, listener);
  });
}
