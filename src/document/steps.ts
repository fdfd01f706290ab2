/**
 * Parsing as steps: one implementation, run two ways. A parser written as a generator yields at
 * points where it may pause (`yield`) and where it needs a SHA-256 (`yield { sha256: text }`, answered
 * with the hex digest). `runSteps` runs it to the end at once (the synchronous `parsePolicy`, the CLI,
 * Node); `runStepsAsync` gives the event loop back between slices of a few milliseconds and hashes with
 * `crypto.subtle.digest`, so a long document never holds the page in one long task. Both produce the
 * same document, because they run the same code.
 */
import { sha256Utf8Hex } from './sha256.js';

/** A request to the runner: the lowercase hex SHA-256 of the UTF-8 bytes of `sha256`. */
export interface HashRequest {
  sha256: string;
}

/** A parser that may pause: yields `undefined` (a pause point) or a hash request; returns its result. */
export type Steps<T> = Generator<HashRequest | undefined, T, string | undefined>;

/** Items of a loop between pause points: small enough that a slice never runs long on a slow phone. */
export const ITEMS_PER_STEP = 256;

/** Runs `visit(0 … count - 1)`, pausing every `ITEMS_PER_STEP` items. */
export function* eachStep(count: number, visit: (index: number) => void): Steps<void> {
  for (let i = 0; i < count; i++) {
    visit(i);
    if ((i + 1) % ITEMS_PER_STEP === 0) yield;
  }
}

/** Asks the runner for the hex SHA-256 of `text`'s UTF-8 bytes. */
export function* hashStep(text: string): Steps<string> {
  const hex = yield { sha256: text };
  // Only a runner that does not answer could get here without a digest.
  if (typeof hex !== 'string') throw new TypeError('Parse steps were run without a hash.');
  return hex;
}

/** Runs the steps to the end, synchronously, hashing in JS. */
export function runSteps<T>(steps: Steps<T>): T {
  let answer: string | undefined;
  for (;;) {
    const step = steps.next(answer);
    if (step.done) return step.value;
    answer = step.value ? sha256Utf8Hex(step.value.sha256) : undefined;
  }
}

/** Time a slice may run before the event loop gets its turn, ms (a long task is over 50). */
const SLICE_MS = 8;

/**
 * Runs the steps, yielding to the event loop whenever a slice has run `SLICE_MS`; hashes with
 * `crypto.subtle.digest` where there is one (secure contexts, Node), else in JS.
 */
export async function runStepsAsync<T>(steps: Steps<T>): Promise<T> {
  let answer: string | undefined;
  let deadline = performance.now() + SLICE_MS;
  for (;;) {
    const step = steps.next(answer);
    if (step.done) return step.value;
    answer = step.value ? await digestHex(step.value.sha256) : undefined;
    if (performance.now() >= deadline) {
      await nextTask();
      deadline = performance.now() + SLICE_MS;
    }
  }
}

let encoder: TextEncoder | undefined;

async function digestHex(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return sha256Utf8Hex(text);
  // TextEncoder writes a lone surrogate as U+FFFD, as `sha256Utf8Hex` does: the same bytes, the same digest.
  encoder ??= new TextEncoder();
  const digest = new Uint8Array(await subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

interface Scheduler {
  yield?: () => Promise<void>;
}

/** A new task: `scheduler.yield()` where there is one (it keeps the page's priority), else a message. */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  // A message, not setTimeout(0): nested timeouts are held back to 4 ms each.
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
