import { html, nothing, type TemplateResult } from 'lit';
import { headingKey } from '../../consent/agreements.js';
import { headingSeparator, inlineText } from '../../document/canonical.js';
import type { Block, Inline } from '../../document/model.js';

/** How headings that changed since the accepted version are marked (heading key -> label). */
export interface RenderOptions {
  /** Called for an in-document link (`#id`) or a table-of-contents entry instead of navigating. */
  onAnchor: (event: Event, id: string) => void;
  /** Badge shown beside a heading, keyed by the heading's label + text; e.g. 「新增」「已修改」. */
  headingBadge?: (key: string) => string | undefined;
}

const SAFE_URL = /^(https?:|mailto:|tel:)/i;

/**
 * Renders the document model with Lit templates: text is always bound as text, never parsed as HTML,
 * and links keep only the safe URL schemes the model allows (checked again here).
 */
export function renderBlocks(blocks: readonly Block[], options: RenderOptions): TemplateResult[] {
  return blocks.map((block) => renderBlock(block, options));
}

function renderBlock(block: Block, options: RenderOptions): TemplateResult {
  switch (block.kind) {
    case 'heading': {
      const badge = options.headingBadge?.(headingKey(block.label, block.content));
      return html`<div
        class="heading level-${Math.min(block.level, 6)}"
        part="heading-block"
        role="heading"
        aria-level=${Math.min(block.level + 2, 6)}
        id=${block.id}
        tabindex="-1"
      >
        ${
          block.label
            ? html`<span class="label">${block.label}</span>${headingSeparator(
                  block.label,
                  inlineText(block.content).trimStart(),
                )}`
            : nothing
        }${renderInlines(
          block.content,
          options,
        )}${badge ? html` <span class="badge" part="change-badge">${badge}</span>` : nothing}
      </div>`;
    }
    case 'paragraph':
      return html`<p id=${block.id}>${renderInlines(block.content, options)}</p>`;
    case 'list': {
      const items = block.items.map((item) => html`<li>${renderBlocks(item, options)}</li>`);
      return block.ordered
        ? html`<ol id=${block.id} start=${block.start ?? 1}>
            ${items}
          </ol>`
        : html`<ul id=${block.id}>
            ${items}
          </ul>`;
    }
    case 'table':
      return html`<div class="table-wrap">
        <table id=${block.id}>
          ${
            block.header.length
              ? html`<thead>
                  <tr>
                    ${block.header.map((cell) => html`<th scope="col">${renderInlines(cell, options)}</th>`)}
                  </tr>
                </thead>`
              : nothing
          }
          <tbody>
            ${block.rows.map(
              (row) =>
                html`<tr>
                  ${row.map((cell) => html`<td>${renderInlines(cell, options)}</td>`)}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
    case 'quote':
      return html`<blockquote id=${block.id}>${renderBlocks(block.blocks, options)}</blockquote>`;
    case 'code':
      return html`<pre id=${block.id}><code>${block.text}</code></pre>`;
    case 'rule':
      return html`<hr id=${block.id} />`;
  }
}

function renderInlines(content: readonly Inline[], options: RenderOptions): TemplateResult[] {
  return content.map((node) => renderInline(node, options));
}

function renderInline(node: Inline, options: RenderOptions): TemplateResult {
  switch (node.kind) {
    case 'text':
      return html`${node.text}`;
    case 'break':
      return html`<br />`;
    case 'strong':
      return html`<strong>${renderInlines(node.children, options)}</strong>`;
    case 'em':
      return html`<em>${renderInlines(node.children, options)}</em>`;
    case 'underline':
      return html`<u>${renderInlines(node.children, options)}</u>`;
    case 'mark':
      return html`<mark>${renderInlines(node.children, options)}</mark>`;
    case 'code':
      return html`<code>${renderInlines(node.children, options)}</code>`;
    case 'del':
      return html`<del>${renderInlines(node.children, options)}</del>`;
    case 'key':
      return html`<span class="key-clause" part="key-clause" data-clause-id=${node.clauseId} tabindex="-1"
        >${renderInlines(node.children, options)}</span
      >`;
    case 'link': {
      const children = renderInlines(node.children, options);
      if (node.href.startsWith('#')) {
        const id = node.href.slice(1);
        return html`<a href=${node.href} @click=${(event: Event) => options.onAnchor(event, id)}
          >${children}</a
        >`;
      }
      if (!SAFE_URL.test(node.href)) return html`${children}`;
      return html`<a href=${node.href} target="_blank" rel="noopener noreferrer">${children}</a>`;
    }
  }
}
