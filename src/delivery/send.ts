/**
 * One delivery attempt and what its answer means. 2xx acknowledges; timeouts, network errors, 408,
 * 425, 429, 5xx and 401/403 (a session that may come back) are worth retrying; any other 4xx (400,
 * 409 conflict, 413, 415, 422) will not get better by resending the same bytes.
 */
import { resolveProvider, type AssentConfig } from '../consent/config.js';
import { endpointAccess } from '../consent/endpoints.js';
import { reportError } from '../events/events.js';
import type { OutboxEntry } from '../internal/store.js';

export type SendOutcome =
  /** `answer`: the parsed JSON body of a fetch answer, when it had one (the transparency log's proofs). */
  | { kind: 'acknowledged'; status?: number; answer?: unknown }
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  | { kind: 'rejected'; error: string };

/** Header carrying the host countersignature next to the receipt. */
export const COUNTERSIGNATURE_HEADER = 'Assent-Countersignature';
/** Header telling the receiver the size of its last tree head this browser verified (see log-check.ts). */
export const KNOWN_TREE_SIZE_HEADER = 'Assent-Known-Tree-Size';
/** Larger answers are not read as JSON (an acknowledgement with proofs is a few kilobytes). */
const MAX_ANSWER_CHARS = 256 * 1024;

function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get('Retry-After');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function classifyStatus(response: Response): SendOutcome {
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'acknowledged', status };
  const error = `http-${status}`;
  if (status >= 500 || [401, 403, 408, 425, 429].includes(status)) {
    return { kind: 'retry', error, retryAfterMs: retryAfterMs(response) };
  }
  return { kind: 'rejected', error };
}

export { endpointAccess, type EndpointAccess } from '../consent/endpoints.js';

export function endpointOf(entry: OutboxEntry, config: AssentConfig): string {
  return entry.endpoint ?? config.endpoint;
}

/** The request headers for `entry` (host headers first; ours cannot be replaced). */
export function requestHeaders(
  entry: OutboxEntry,
  hostHeaders: Record<string, string> | undefined,
  knownTreeSize?: number,
): Record<string, string> {
  return {
    ...hostHeaders,
    'Content-Type': 'application/jose',
    'Idempotency-Key': entry.id,
    ...(entry.countersignature ? { [COUNTERSIGNATURE_HEADER]: entry.countersignature } : {}),
    ...(knownTreeSize !== undefined ? { [KNOWN_TREE_SIZE_HEADER]: String(knownTreeSize) } : {}),
  };
}

/** The JSON body of an answer, or undefined (not JSON, too large, unreadable). */
async function readAnswer(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text.length > MAX_ANSWER_CHARS || !/json/i.test(response.headers.get('Content-Type') ?? '')) {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error)
    return error.name === 'AbortError' || error.name === 'TimeoutError' ? 'timeout' : error.message;
  return String(error);
}

/**
 * Tries to deliver `entry` once, within `config.timeoutMs`. Never throws. `knownTreeSize` is the
 * size of the endpoint's last verified tree head, if any.
 */
export async function sendOnce(
  entry: OutboxEntry,
  config: AssentConfig,
  hostHeaders?: Record<string, string>,
  knownTreeSize?: number,
): Promise<SendOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('timeout', 'TimeoutError')),
    config.timeoutMs,
  );
  const given = endpointOf(entry, config);
  const access = endpointAccess(given, config);
  if (!access.allowed) {
    clearTimeout(timer);
    reportError('endpoint-not-allowed', `Receipt ${entry.id} was not sent: ${access.reason}.`);
    return { kind: 'rejected', error: 'endpoint-not-allowed' };
  }
  const endpoint = access.url;
  try {
    if (config.transport) {
      const context = {
        endpoint: given,
        idempotencyKey: entry.id,
        signal: controller.signal,
        ...(entry.countersignature ? { countersignature: entry.countersignature } : {}),
      };
      const aborted = new Promise<never>((_, reject) =>
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
      );
      const result = await Promise.race([
        Promise.resolve(config.transport(entry.jws, entry.payload, context)),
        aborted,
      ]);
      if (result === false) return { kind: 'retry', error: 'transport-refused' };
      if (typeof Response !== 'undefined' && result instanceof Response) return classifyStatus(result);
      return { kind: 'acknowledged' };
    }
    // The host's headers and credentials go only where the host configured receipts to go.
    const headers = requestHeaders(
      entry,
      access.configured ? (hostHeaders ?? (await resolveProvider(config.headers))) : undefined,
      knownTreeSize,
    );
    const response = await fetch(endpoint, {
      method: 'POST',
      headers,
      body: entry.jws,
      credentials: access.configured ? config.credentials : 'omit',
      cache: 'no-store',
      signal: controller.signal,
    });
    // Read the body (also so the connection can be reused): a log's answer carries its proofs.
    const answer = await readAnswer(response);
    const outcome = classifyStatus(response);
    return outcome.kind === 'acknowledged' && answer !== undefined ? { ...outcome, answer } : outcome;
  } catch (error) {
    return { kind: 'retry', error: describe(controller.signal.aborted ? controller.signal.reason : error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Delay before attempt `attempts + 1`: exponential, capped, with jitter (half fixed, half random). */
export function backoffDelay(
  attempts: number,
  config: AssentConfig,
  random: () => number = Math.random,
): number {
  const { initialMs, factor, maxMs } = config.backoff;
  const base = Math.min(maxMs, initialMs * factor ** Math.max(0, attempts - 1));
  return Math.round(base / 2 + random() * (base / 2));
}
