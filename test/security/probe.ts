/**
 * Asks the test server (web-test-runner.config.mjs, `requestProbe`) what a page loaded: a test names a
 * resource it must never fetch under `/__probe/<key>/`, and reads the server's count afterwards.
 */
export function probeKey(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 10)}`;
}

export function probeUrl(key: string, file = 'x.png'): string {
  return `/__probe/${key}/${file}`;
}

/** How many requests the server saw for `key`. */
export async function probeRequests(key: string): Promise<number> {
  const response = await fetch(`/__probe-log/${key}`, { cache: 'no-store' });
  return ((await response.json()) as { requests: number }).requests;
}

export interface ProbeRequest {
  method: string;
  cookie: string | null;
  /** The `X-Host-Secret` header, standing for a host header (a CSRF token, an API key). */
  secret: string | null;
}

/** Every request the server saw for `key`. */
export async function probeLog(key: string): Promise<ProbeRequest[]> {
  const response = await fetch(`/__probe-log/${key}`, { cache: 'no-store' });
  return ((await response.json()) as { log: ProbeRequest[] }).log;
}

/** Which script probes ran in this page. */
export function probesRan(): string[] {
  return (self as { __probesRan?: string[] }).__probesRan ?? [];
}

export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
