/**
 * The one place the library fetches policy documents: a timeout, a size limit read from the stream
 * (not trusted from headers), a content-type check (an HTML page served where Markdown was declared —
 * a login wall, a 404 page — is an error, not a policy), and typed errors.
 */
import { PolicyDocumentError } from './errors.js';
import type { DocumentFormat, PolicyDocument } from './model.js';
import { parsePolicyAsync, type ParseOptions } from './parse.js';

export interface LoadOptions extends ParseOptions {
  /** Give up after this many milliseconds (default 15,000). */
  timeoutMs?: number;
  /** Largest accepted response body in bytes (default 5 MiB). */
  maxBytes?: number;
  /** Cancels the request. */
  signal?: AbortSignal;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const MARKDOWN_TYPES = new Set(['text/markdown', 'text/x-markdown']);
const TEXT_TYPES = new Set(['text/plain', '']);

function formatFromPath(url: string): DocumentFormat | undefined {
  let path: string;
  try {
    path = new URL(url, 'http://localhost/').pathname.toLowerCase();
  } catch {
    return undefined;
  }
  if (/\.(?:md|markdown)$/.test(path)) return 'markdown';
  if (/\.(?:html?|xhtml)$/.test(path)) return 'html';
  if (/\.(?:txt|text)$/.test(path)) return 'text';
  return undefined;
}

/** Which format the response holds, or a `content-type` error when it is not what was asked for. */
function checkFormat(
  declared: DocumentFormat | undefined,
  mediaType: string,
  body: string,
  url: string,
): DocumentFormat {
  const isHtmlType = HTML_TYPES.has(mediaType);
  const looksHtml = /^\s*(?:<!doctype\s+html|<html[\s>])/i.test(body);
  if (declared === 'markdown' || declared === 'text') {
    if (isHtmlType || looksHtml) {
      throw new PolicyDocumentError(
        'content-type',
        `Expected ${declared} from ${url} but the server returned an HTML page (${mediaType || 'no content type'}).`,
      );
    }
    if (!TEXT_TYPES.has(mediaType) && !MARKDOWN_TYPES.has(mediaType)) {
      throw new PolicyDocumentError('content-type', `Expected ${declared} from ${url} but got ${mediaType}.`);
    }
    return declared;
  }
  if (declared === 'html') {
    if (!isHtmlType && !TEXT_TYPES.has(mediaType)) {
      throw new PolicyDocumentError('content-type', `Expected HTML from ${url} but got ${mediaType}.`);
    }
    return declared;
  }
  if (isHtmlType) return 'html';
  if (MARKDOWN_TYPES.has(mediaType)) return 'markdown';
  if (TEXT_TYPES.has(mediaType)) return formatFromPath(url) ?? (looksHtml ? 'html' : 'text');
  throw new PolicyDocumentError(
    'content-type',
    `${url} returned ${mediaType}, which is not a policy document.`,
  );
}

async function readLimited(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new PolicyDocumentError(
      'too-large',
      `${url} is ${declared} bytes, more than the limit of ${maxBytes}.`,
    );
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PolicyDocumentError('too-large', `${url} is more than the limit of ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Fetches a policy document and parses it. Every failure is a `PolicyDocumentError`. */
export async function loadPolicy(url: string, options: LoadOptions = {}): Promise<PolicyDocument> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new PolicyDocumentError('fetch-failed', 'No fetch implementation is available.');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const failure = (error: unknown): PolicyDocumentError => {
    if (error instanceof PolicyDocumentError) return error;
    if (timedOut) return new PolicyDocumentError('timeout', `${url} did not answer within ${timeoutMs} ms.`);
    if (controller.signal.aborted) return new PolicyDocumentError('aborted', `Loading ${url} was cancelled.`);
    return new PolicyDocumentError(
      'fetch-failed',
      `Could not fetch ${url}: ${(error as Error)?.message ?? error}`,
      {
        cause: error,
      },
    );
  };

  let text: string;
  let format: DocumentFormat;
  let finalUrl = url;
  try {
    const response = await fetchImpl(url, {
      signal: controller.signal,
      credentials: 'same-origin',
      redirect: 'follow',
      headers: { accept: 'text/markdown, text/plain;q=0.9, text/html;q=0.8' },
    });
    if (!response.ok) {
      throw new PolicyDocumentError(
        'fetch-failed',
        `${url} answered ${response.status} ${response.statusText}.`,
      );
    }
    finalUrl = response.url || url;
    const contentType = response.headers.get('content-type') ?? '';
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
    text = decode(await readLimited(response, maxBytes, url), contentType);
    format = checkFormat(options.format, mediaType, text, url);
  } catch (error) {
    throw failure(error);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  return parsePolicyAsync(text, { ...options, format, baseUrl: options.baseUrl ?? finalUrl });
}
