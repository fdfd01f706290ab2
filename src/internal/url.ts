/**
 * Host-given URLs (attributes such as `policy-href` and `src`) are followed, fetched or rendered as
 * links only when they are http(s), or relative and so resolving to the page's own scheme. `javascript:`,
 * `data:` and the like never are: an attribute is markup, and markup may have been injected.
 */
export interface UrlCheck {
  ok: boolean;
  /** The URL resolved against `base`, when it parses. */
  href?: string;
}

/** Checks `value` against `base`; `extraSchemes` admits more (e.g. `blob:` for a fetched source). */
export function checkUrl(value: string, base: string, extraSchemes: readonly string[] = []): UrlCheck {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return { ok: false };
  }
  const ok = url.protocol === 'https:' || url.protocol === 'http:' || extraSchemes.includes(url.protocol);
  return { ok, href: url.href };
}
