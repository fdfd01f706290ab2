import { expect, fixture, html as fixtureHtml } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { ModalController } from '../../src/controllers/modal.js';
import { isScrollLocked, openModalCount } from '../../src/internal/modal.js';

/** The smallest element built on the controller: an `open` property and a `<dialog>` rendered while open. */
class ModalHost extends LitElement {
  static override properties = { open: { type: Boolean } };
  declare open: boolean;
  escapes = 0;
  forcedCloses = 0;
  readonly modal = new ModalController(this, {
    dialog: () => this.renderRoot.querySelector('dialog'),
    onEscape: () => {
      this.escapes++;
      this.open = false;
    },
    onForcedClose: () => {
      this.forcedCloses++;
      this.open = false;
    },
  });

  constructor() {
    super();
    this.open = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open) this.modal.open();
    else if (changed.get('open') === true) this.modal.close();
  }

  override render() {
    return this.open
      ? html`<dialog aria-label="test">
          <button id="first">first</button><button id="last">last</button>
        </dialog>`
      : nothing;
  }
}
customElements.define('modal-controller-test-host', ModalHost);

async function setup() {
  const page = await fixture<HTMLDivElement>(
    fixtureHtml`<div>
      <button id="opener">opener</button>
      <button id="elsewhere">elsewhere</button>
      <modal-controller-test-host></modal-controller-test-host>
    </div>`,
  );
  const host = page.querySelector<ModalHost>('modal-controller-test-host')!;
  const opener = page.querySelector<HTMLButtonElement>('#opener')!;
  const elsewhere = page.querySelector<HTMLButtonElement>('#elsewhere')!;
  return { host, opener, elsewhere };
}

async function openFrom(host: ModalHost, opener: HTMLElement): Promise<HTMLDialogElement> {
  opener.focus();
  host.open = true;
  await host.updateComplete;
  return host.renderRoot.querySelector('dialog')!;
}

/** The element that has focus, inside the host's shadow root when it is there. */
function focused(host: ModalHost): Element | null {
  return host.shadowRoot!.activeElement ?? document.activeElement;
}

describe('controllers/modal: ModalController', () => {
  afterEach(() => expect(openModalCount(), 'every modal released').to.equal(0));

  it('opens a modal <dialog>, locks scrolling, and returns focus to the opener on close', async () => {
    const { host, opener } = await setup();
    const dialog = await openFrom(host, opener);
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    expect(host.modal.isOpen).to.equal(true);
    expect(host.modal.opener).to.equal(opener);
    expect(isScrollLocked()).to.equal(true);
    expect(focused(host)?.id).to.equal('first');
    host.open = false;
    await host.updateComplete;
    expect(host.modal.isOpen).to.equal(false);
    expect(isScrollLocked()).to.equal(false);
    expect(document.activeElement).to.equal(opener);
  });

  it('sends Escape to the host once, which closes it; focus goes back to the opener', async () => {
    const { host, opener } = await setup();
    await openFrom(host, opener);
    await sendKeys({ press: 'Escape' });
    await host.updateComplete;
    expect(host.escapes).to.equal(1);
    expect(host.open).to.equal(false);
    expect(host.forcedCloses).to.equal(0);
    expect(document.activeElement).to.equal(opener);
  });

  it('keeps focus inside while open: the page behind is inert and Tab cycles within the dialog', async () => {
    const { host, opener, elsewhere } = await setup();
    const dialog = await openFrom(host, opener);
    let leaked = 0;
    const count = () => leaked++;
    for (const button of [opener, elsewhere]) button.addEventListener('focus', count);
    elsewhere.focus();
    expect(focused(host)?.id, 'a script cannot move focus behind the modal').to.equal('first');
    const seen = new Set<string>();
    try {
      for (let press = 0; press < 5; press++) {
        await sendKeys({ press: 'Tab' });
        const now = focused(host);
        // WebKit also stops on the <dialog> itself (or the host) between its controls: inside, not behind.
        if (now && now !== document.body && now !== dialog && now !== host) seen.add(now.id);
      }
    } finally {
      for (const button of [opener, elsewhere]) button.removeEventListener('focus', count);
      host.open = false;
      await host.updateComplete;
    }
    expect(leaked, 'focus never reached the page behind').to.equal(0);
    // Chromium wraps back to the first control; Firefox goes on to its own toolbar: never to the page.
    expect(seen.has('last')).to.equal(true);
    expect([...seen].filter((id) => id !== 'first' && id !== 'last')).to.deep.equal([]);
  });

  it('reports a close the browser forced (the dialog closed by itself) and still returns focus', async () => {
    const { host, opener } = await setup();
    const dialog = await openFrom(host, opener);
    // What Chromium does on a repeated Escape without user activation: the dialog closes itself.
    const closed = new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
    dialog.close();
    await closed;
    await host.updateComplete;
    expect(host.forcedCloses).to.equal(1);
    expect(host.open).to.equal(false);
    expect(host.modal.isOpen).to.equal(false);
    expect(document.activeElement).to.equal(opener);
  });

  it('releases the modal stack and the scroll lock when the host leaves the page while open', async () => {
    const { host, opener } = await setup();
    await openFrom(host, opener);
    expect(openModalCount()).to.equal(1);
    host.remove();
    expect(openModalCount()).to.equal(0);
    expect(isScrollLocked()).to.equal(false);
  });

  it('an explicit opener wins over the focused element', async () => {
    const { host, opener, elsewhere } = await setup();
    elsewhere.focus();
    host.modal.open({ opener, modal: false });
    expect(host.modal.opener).to.equal(opener);
    expect(openModalCount(), 'modal: false tracks focus only').to.equal(0);
    host.modal.close();
    // Focus was not inside the host and is not lost: it stays where the person put it.
    expect(document.activeElement).to.equal(elsewhere);
  });
});
