import { html, nothing, type TemplateResult } from 'lit';
import { classMap } from 'lit/directives/class-map.js';
import { joinHeading, type SectionChanges } from '../../consent/agreements.js';
import type { DocumentEntry, DocumentsController } from '../../controllers/documents.js';
import type { ReadState } from '../../controllers/read-progress.js';
import type { AgreementRequestCloseDetail } from '../../events/events.js';
import type { PolicyDocument } from '../../document/model.js';
import type { ReadRequirement } from '../policy-document/policy-document.js';
import type { DocumentRenderer } from './render-document.js';

/**
 * What the templates of `<agreement-dialog>` see of it: its state for this render and what its
 * controls call. The element decides; these functions only turn that into markup.
 */
export interface DialogView {
  t(key: string, vars?: Record<string, unknown>): string;
  lang: string;
  open: boolean;
  mode: 'decide' | 'update';
  /** The documents in view (the scope of this request). */
  entries: DocumentEntry[];
  activeId: string;
  busy: boolean;
  declining: boolean;
  declineNotice: string;
  /** An update of minor changes only: acknowledged, not accepted again. */
  minorOnly: boolean;
  canAccept: boolean;
  /** The sentence under the buttons. */
  status: string;
  changes: Map<string, SectionChanges | undefined>;
  docs: DocumentsController;
  renderer: DocumentRenderer;
  read(entry: DocumentEntry): ReadState;
  requirementOf(entry: DocumentEntry): ReadRequirement;
  requirementMet(entry: DocumentEntry): boolean;
  dwellRemaining(entry: DocumentEntry): number;
  /** Position of the key-clause navigator in document `id` (-1 before the first step). */
  clauseIndex(id: string): number;
  formatDate(iso: string): string;
  formatList(items: string[]): string;
  on: {
    requestClose(source: AgreementRequestCloseDetail['source']): void;
    dialogPointerDown(event: PointerEvent): void;
    dialogClick(event: MouseEvent): void;
    accept(): void;
    decline(): void;
    confirmDecline(): void;
    readAgain(): void;
    selectTab(id: string): void;
    tabKeydown(event: KeyboardEvent): void;
    stepKeyClause(delta: number): void;
    goToAnchor(event: Event, id: string): void;
    /** A long document's last block is in the DOM (it is built in slices after its first screenful). */
    documentBuilt(): void;
  };
}

function renderDeclineNotice(view: DialogView, entries: DocumentEntry[]): TemplateResult {
  const documents = view.formatList(
    entries.map((entry) => view.t('checkbox.documentTitle', { title: view.docs.titleOf(entry) })),
  );
  return html`<div class="decline-notice" part="decline-notice" role="alert">
      <p>${view.declineNotice || view.t('dialog.declineNotice', { documents })}</p>
      <p>${view.t('dialog.declineChoice')}</p>
    </div>
    <div class="actions">
      <button
        type="button"
        class="button decline"
        part="confirm-decline-button"
        ?disabled=${view.busy}
        @click=${view.on.confirmDecline}
      >
        ${view.t('dialog.confirmDecline')}
      </button>
      <button type="button" class="button accept" part="read-again-button" @click=${view.on.readAgain}>
        ${view.t('dialog.readAgain')}
      </button>
    </div>`;
}

export function renderDialog(view: DialogView): TemplateResult {
  const { entries, minorOnly } = view;
  // The click listener is for the backdrop only; its keyboard equivalent is Escape (`cancel`).
  // eslint-disable-next-line lit-a11y/click-events-have-key-events
  return html`<dialog
    part="dialog"
    aria-labelledby="title"
    aria-describedby="intro"
    class=${classMap({ updated: view.mode === 'update' })}
    @pointerdown=${view.on.dialogPointerDown}
    @click=${view.on.dialogClick}
  >
    ${
      view.open
        ? html`<div class="frame" part="base">
            <header part="header">
              <h2 id="title" part="title">
                <slot name="title"
                  >${view.t(view.mode === 'update' ? 'dialog.updatedTitle' : 'dialog.title')}</slot
                >
              </h2>
              <button
                type="button"
                class="close"
                part="close-button"
                aria-label=${view.t('dialog.close')}
                @click=${() => view.on.requestClose('close-button')}
              >
                <svg viewBox="0 0 16 16" aria-hidden="true" width="16" height="16">
                  <path
                    d="M3 3l10 10M13 3L3 13"
                    stroke="currentColor"
                    stroke-width="1.8"
                    stroke-linecap="round"
                  />
                </svg>
              </button>
            </header>
            <div id="intro" class="intro"><slot name="intro"></slot></div>
            ${view.mode === 'update' ? renderUpdateSummary(view, entries, minorOnly) : nothing}
            ${entries.length > 1 ? renderTabs(view, entries) : nothing}
            ${entries.map((entry) => renderPanel(view, entry, entries.length > 1))}
            <footer part="footer"></footer>
          </div>`
        : nothing
    }
  </dialog>`;
}

/**
 * What the footer holds: the status line, the decline notice and the buttons. The element renders it
 * into the `<footer>` on its own (Lit's `render`), after each update of the dialog and alone when the
 * end of the text is reached: reading to the end changes these few nodes, not the dialog.
 */
export function renderFooter(view: DialogView): TemplateResult {
  const { entries, minorOnly, canAccept, status } = view;
  return html`<p id="status" part="status" class="status" aria-live="polite">${status}</p>
    ${view.declining ? renderDeclineNotice(view, entries) : nothing}
    <div class="actions" ?hidden=${view.declining}>
      ${
        minorOnly
          ? nothing
          : html`<button
              type="button"
              class="button decline"
              part="decline-button"
              ?disabled=${view.busy}
              @click=${view.on.decline}
            >
              ${view.t('dialog.decline')}
            </button>`
      }
      <button
        type="button"
        class="button accept"
        part="accept-button"
        aria-disabled=${canAccept && !view.busy ? 'false' : 'true'}
        aria-describedby="status"
        @click=${view.on.accept}
      >
        ${view.t(minorOnly ? 'dialog.acknowledge' : 'dialog.accept')}
      </button>
    </div>`;
}

function renderUpdateSummary(view: DialogView, entries: DocumentEntry[], minorOnly: boolean): TemplateResult {
  const t = (key: string, vars?: Record<string, unknown>) => view.t(key, vars);
  const sections = (list: string[]) =>
    view.formatList(list.map((heading) => heading || t('dialog.preamble')));
  return html`<section class="update-summary" part="update-summary" aria-labelledby="title" tabindex="0">
    <p class="notice">${t(minorOnly ? 'dialog.minorNotice' : 'dialog.majorNotice')}</p>
    ${entries.map((entry) => {
      const version = view.docs.versionOf(entry);
      const changes = view.changes.get(entry.id);
      const items = changes
        ? [
            changes.added.length ? t('dialog.changesAdded', { sections: sections(changes.added) }) : '',
            changes.removed.length ? t('dialog.changesRemoved', { sections: sections(changes.removed) }) : '',
            changes.changed.length ? t('dialog.changesChanged', { sections: sections(changes.changed) }) : '',
          ].filter(Boolean)
        : [t('dialog.changesUnknown')];
      return html`<div class="change" data-change=${entry.id}>
        <p>
          ${
            version
              ? t('dialog.updatedIntro', { title: view.docs.titleOf(entry), version })
              : t('dialog.updatedIntroNoVersion', { title: view.docs.titleOf(entry) })
          }
        </p>
        ${
          items.length
            ? html`<ul>
                ${items.map((item) => html`<li>${item}</li>`)}
              </ul>`
            : nothing
        }
      </div>`;
    })}
    <slot name="changes"></slot>
  </section>`;
}

function renderTabs(view: DialogView, entries: DocumentEntry[]): TemplateResult {
  return html`<div role="tablist" part="tabs" class="tabs" aria-label=${view.t('dialog.tabs')}>
    ${entries.map((entry) => {
      const selected = entry.id === view.activeId;
      const done = view.requirementMet(entry);
      return html`<button
        type="button"
        role="tab"
        part="tab"
        class=${classMap({ tab: true, done })}
        id="tab-${entry.id}"
        data-tab=${entry.id}
        aria-selected=${selected ? 'true' : 'false'}
        aria-controls="panel-${entry.id}"
        tabindex=${selected ? '0' : '-1'}
        @click=${() => view.on.selectTab(entry.id)}
        @keydown=${view.on.tabKeydown}
      >
        ${view.docs.titleOf(entry)}${
          done
            ? html`<span class="read-mark" aria-hidden="true">✓</span
                ><span class="visually-hidden">${view.t('dialog.readMark')}</span>`
            : nothing
        }
      </button>`;
    })}
  </div>`;
}

function renderPanel(view: DialogView, entry: DocumentEntry, tabbed: boolean): TemplateResult {
  const t = (key: string, vars?: Record<string, unknown>) => view.t(key, vars);
  const active = entry.id === view.activeId;
  const title = view.docs.titleOf(entry);
  const version = view.docs.versionOf(entry);
  const policy = entry.policy;
  const effective = view.docs.effectiveDateOf(entry);
  const read = view.read(entry);
  const requirement = view.requirementOf(entry);
  const percent = Math.round((read.reachedEnd ? 1 : read.progress) * 100);
  const changes = view.mode === 'update' ? view.changes.get(entry.id) : undefined;
  const badge = changes
    ? (key: string) =>
        changes.added.includes(key)
          ? t('dialog.badgeAdded')
          : changes.changed.includes(key)
            ? t('dialog.badgeChanged')
            : undefined
    : undefined;
  const clauses = policy?.keyClauses ?? [];
  const clauseIndex = view.clauseIndex(entry.id);
  return html`<section
    class="panel"
    part="panel"
    id="panel-${entry.id}"
    data-panel=${entry.id}
    role=${tabbed ? 'tabpanel' : 'region'}
    aria-labelledby=${tabbed ? `tab-${entry.id}` : `doc-title-${entry.id}`}
    ?hidden=${!active}
  >
    <div class="doc-head">
      <h3 class="doc-title" part="document-title" id="doc-title-${entry.id}">${title}</h3>
      <p class="meta" part="document-meta">
        ${version ? html`<span>${t('dialog.version', { version })}</span>` : nothing}
        ${
          effective
            ? html`<span class=${classMap({ future: isFuture(effective) })}
                >${t(isFuture(effective) ? 'dialog.effectiveFuture' : 'dialog.effective', {
                  date: view.formatDate(effective),
                })}</span
              >`
            : nothing
        }
      </p>
    </div>
    ${
      policy?.toc.length
        ? html`<details class="toc" part="toc">
            <summary>${t('dialog.toc')}</summary>
            <nav aria-label=${t('dialog.toc')}>
              <ol>
                ${policy.toc.map(
                  (item) =>
                    html`<li class="level-${Math.min(item.level, 4)}">
                      <a href="#${item.id}" @click=${(event: Event) => view.on.goToAnchor(event, item.id)}
                        >${joinHeading(item.label, item.text)}</a
                      >
                    </li>`,
                )}
              </ol>
            </nav>
          </details>`
        : nothing
    }
    ${
      requirement === 'none'
        ? nothing
        : html`<progress
            class="progress"
            part="progress"
            aria-label=${t('dialog.progress')}
            max="100"
            .value=${percent}
          ></progress>`
    }
    <div
      class="body"
      part="body"
      data-body=${entry.id}
      role="region"
      tabindex="0"
      aria-label=${t('dialog.bodyLabel', { title })}
    >
      ${entry.status === 'ready' && policy ? renderText(view, policy, changes, badge) : renderPlaceholder(view, entry, title)}
    </div>
    ${
      requirement === 'dwell' && entry.status === 'ready' && view.dwellRemaining(entry) > 0
        ? html`<p class="dwell" part="dwell">
            ${t('dialog.remainingDwell', { seconds: view.dwellRemaining(entry) })}
          </p>`
        : nothing
    }
    ${
      clauses.length
        ? html`<div
            class="key-clauses"
            part="key-clauses"
            role="group"
            aria-label=${t('dialog.keyClausesLabel')}
          >
            <button
              type="button"
              class="step"
              aria-label=${t('dialog.previousClause')}
              @click=${() => view.on.stepKeyClause(-1)}
            >
              ‹
            </button>
            <span class="position" aria-live="polite"
              >${
                clauseIndex >= 0
                  ? t('dialog.keyClausePosition', { index: clauseIndex + 1, total: clauses.length })
                  : t('dialog.keyClauseCount', { total: clauses.length })
              }</span
            >
            <button
              type="button"
              class="step"
              aria-label=${t('dialog.nextClause')}
              @click=${() => view.on.stepKeyClause(1)}
            >
              ›
            </button>
          </div>`
        : nothing
    }
  </section>`;
}

/**
 * The document's text, and its end marker once the last block is in: a long text is built in slices,
 * and a marker below half a text would let the reader "reach the end" early.
 */
function renderText(
  view: DialogView,
  policy: PolicyDocument,
  changes: SectionChanges | undefined,
  badge: ((key: string) => string | undefined) | undefined,
): TemplateResult {
  const rendered = view.renderer.render(
    policy,
    changes ? JSON.stringify([changes.added, changes.changed, view.lang]) : '',
    {
      onAnchor: (event, id) => view.on.goToAnchor(event, id),
      headingBadge: badge,
      onComplete: view.on.documentBuilt,
    },
  );
  return html`${rendered.content}${
    rendered.complete
      ? html`<p class="end-marker" part="end-marker" tabindex="0">${view.t('dialog.endOfDocument')}</p>`
      : nothing
  }`;
}

function renderPlaceholder(view: DialogView, entry: DocumentEntry, title: string): TemplateResult {
  return html`<p class="placeholder">
    ${entry.status === 'error' ? view.t('dialog.loadFailed', { title }) : view.t('dialog.loading')}
  </p>`;
}

/** True when an ISO date (YYYY-MM-DD) is after today, in the reader's time zone. */
function isFuture(iso: string): boolean {
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && iso > today;
}
