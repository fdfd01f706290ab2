/**
 * Where receipts may go: the one rule shared by recording (an element's `endpoint` is checked when the
 * receipt is made) and delivery (checked again when it is sent, for receipts stored by earlier pages).
 */
import type { AssentConfig } from './config.js';

/** How a receipt may go to `endpoint`: refused, or sent with or without the host's headers and credentials. */
export type EndpointAccess =
  { allowed: false; reason: string } | { allowed: true; configured: boolean; url: string };

function pageBase(): string {
  return typeof location !== 'undefined' ? location.href : 'http://localhost/';
}

/**
 * Whether a receipt may be POSTed to `endpoint` (an element's `endpoint` attribute, or one stored with
 * a receipt by an earlier page). The host configured it (`endpoint`, `allowedEndpoints`): yes, with its
 * headers and credentials. Same origin as the page: yes, without them. Anything else: refused.
 */
export function endpointAccess(endpoint: string, config: AssentConfig): EndpointAccess {
  let url: URL;
  try {
    url = new URL(endpoint, pageBase());
  } catch {
    return { allowed: false, reason: `endpoint "${endpoint}" is not a valid URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { allowed: false, reason: `endpoint "${endpoint}" is not an http(s) URL` };
  const configured = [config.endpoint, ...config.allowedEndpoints].some((entry) => {
    try {
      const allowed = new URL(entry, pageBase());
      // An origin alone (`https://receipts.example`) allows every path there.
      const originOnly = /^https?:\/\/[^/?#]+\/?$/i.test(entry);
      return originOnly ? allowed.origin === url.origin : allowed.href === url.href;
    } catch {
      return false;
    }
  });
  if (configured) return { allowed: true, configured: true, url: url.href };
  if (typeof location !== 'undefined' && url.origin === location.origin)
    return { allowed: true, configured: false, url: url.href };
  return {
    allowed: false,
    reason: `endpoint "${url.href}" is another origin the host did not allow (configure({ allowedEndpoints }))`,
  };
}
