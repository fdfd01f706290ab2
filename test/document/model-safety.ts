/**
 * What "no executable construct" means for the model: only known keys (no attributes, no `on*`, no raw
 * HTML), every link target http(s)/mailto/tel or an in-document `#id`. Text fields may hold any text:
 * renderers put it in text nodes.
 */
import type { PolicyDocument } from '../../src/document/index.js';

const KEYS = new Set([
  // PolicyDocument
  'id',
  'version',
  'title',
  'locale',
  'effectiveDate',
  'format',
  'blocks',
  'toc',
  'keyClauses',
  'metadata',
  'canonicalText',
  'canon',
  'sha256',
  // Block, Inline, TocEntry, KeyClause
  'kind',
  'level',
  'label',
  'content',
  'ordered',
  'start',
  'items',
  'header',
  'rows',
  'text',
  'children',
  'href',
  'rel',
  'clauseId',
  'blockId',
]);
const SAFE_HREF = /^(?:https?:\/\/[^\s]+|mailto:[^\s]*|tel:[^\s]*|#[^\s]+)$/;

/** Problems found in `doc` (empty when the model is safe to render). */
export function unsafeParts(doc: PolicyDocument): string[] {
  const problems: string[] = [];
  const visit = (value: unknown, path: string, inMetadata: boolean): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`, inMetadata));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (!inMetadata && !KEYS.has(key)) problems.push(`unknown key ${path}.${key}`);
      if (/^on/i.test(key)) problems.push(`handler ${path}.${key}`);
      if (key === 'href') {
        const href = String(child);
        let protocol = '';
        try {
          protocol = href.startsWith('#') ? '#' : new URL(href).protocol;
        } catch {
          problems.push(`unparsable href ${path}: ${href}`);
        }
        if (!SAFE_HREF.test(href) || !['http:', 'https:', 'mailto:', 'tel:', '#'].includes(protocol)) {
          problems.push(`unsafe href ${path}: ${href}`);
        }
      }
      if (key === 'rel' && child !== 'noopener noreferrer') problems.push(`rel ${path}: ${String(child)}`);
      if (
        key === 'kind' &&
        !/^(?:heading|paragraph|list|table|quote|code|rule|text|strong|em|underline|mark|code|del|link|break|key)$/.test(
          String(child),
        )
      ) {
        problems.push(`kind ${path}: ${String(child)}`);
      }
      visit(child, `${path}.${key}`, inMetadata || key === 'metadata');
    }
  };
  visit(doc, 'doc', false);
  return problems;
}
