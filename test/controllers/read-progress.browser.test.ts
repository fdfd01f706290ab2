import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { FloatingHintController } from '../../src/controllers/floating-hint.js';
import { ReadProgressController } from '../../src/controllers/read-progress.js';
import { until } from '../elements/agreement-dialog-fixtures.js';

class ReadHost extends LitElement {
  readonly reading = new ReadProgressController(this, { tickMs: 20 });
  readonly hint = new FloatingHintController(this);
  /** Updates (re-renders) since connection. */
  updates = 0;
  protected override createRenderRoot() {
    return this;
  }
  protected override updated(): void {
    this.updates++;
  }
}
customElements.define('read-progress-test-host', ReadHost);

async function setup() {
  const host = await fixture<ReadHost>(
    html`<read-progress-test-host>
      <div id="scroller" tabindex="0" style="height: 100px; overflow: auto">
        <p style="height: 300px">text</p>
        <span id="clause">clause</span>
        <p style="height: 300px">more</p>
        <div id="end" tabindex="0" style="height: 1px"></div>
      </div>
      <button id="anchor">box</button>
      <div id="tip" hidden>hint</div>
    </read-progress-test-host>`,
  );
  const scroller = host.querySelector<HTMLElement>('#scroller')!;
  const endMarker = host.querySelector<HTMLElement>('#end')!;
  const clause = host.querySelector<HTMLElement>('#clause')!;
  host.reading.track('doc', { scroller, endMarker, keyClauses: new Map([['k1', clause]]) });
  return { host, scroller, endMarker, clause };
}

describe('ReadProgressController', () => {
  it('reports the end only once the 1 px end marker is on screen, and key clauses as they pass', async () => {
    const { host, scroller } = await setup();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(host.reading.state('doc').reachedEnd).to.equal(false);
    scroller.scrollTop = 250;
    await until(() => host.reading.state('doc').keyClausesSeen.includes('k1'), 'clause seen');
    expect(host.reading.state('doc').reachedEnd).to.equal(false);
    await until(() => host.reading.state('doc').progress > 0.3, 'progress follows scrolling');
    scroller.scrollTop = scroller.scrollHeight;
    await until(() => host.reading.state('doc').reachedEnd, 'end reached');
    expect(host.reading.state('doc').progress).to.equal(1);
  });

  it('counts focus on the end marker, keeps state across re-tracking and forgets it on reset', async () => {
    const { host, scroller, endMarker, clause } = await setup();
    endMarker.focus({ preventScroll: true });
    expect(host.reading.state('doc').reachedEnd).to.equal(true);
    host.reading.untrack('doc');
    host.reading.track('doc', { scroller, endMarker, keyClauses: new Map([['k1', clause]]) });
    expect(host.reading.state('doc').reachedEnd).to.equal(true);
    host.reading.reset('doc');
    expect(host.reading.state('doc').reachedEnd).to.equal(false);
  });

  it('accrues dwell time only for the active document', async () => {
    const { host } = await setup();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(host.reading.state('doc').dwellMs).to.equal(0);
    host.reading.setActive('doc');
    await new Promise((resolve) => setTimeout(resolve, 150));
    host.reading.setActive(undefined);
    const dwell = host.reading.state('doc').dwellMs;
    expect(dwell).to.be.within(100, 1000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(host.reading.state('doc').dwellMs).to.equal(dwell);
    expect(host.reading.state('other').dwellMs).to.equal(0);
  });
});

describe('ReadProgressController with progress marks', () => {
  it('measures progress as a mark comes into view, writes it to the bar, and re-renders the host only at the end', async () => {
    const host = await fixture<ReadHost>(
      html`<read-progress-test-host>
        <div id="scroller" tabindex="0" style="height: 100px; overflow: auto; position: relative">
          <p style="height: 300px; margin: 0">text</p>
          <span id="clause">clause</span>
          <p style="height: 300px; margin: 0">more</p>
          <span id="mark" style="position: absolute; top: 350px; width: 1px; height: 1px"></span>
          <div id="end" tabindex="0" style="height: 1px"></div>
        </div>
        <progress id="bar" max="100" value="0"></progress>
      </read-progress-test-host>`,
    );
    const scroller = host.querySelector<HTMLElement>('#scroller')!;
    const bar = host.querySelector<HTMLProgressElement>('#bar')!;
    host.reading.track('doc', {
      scroller,
      endMarker: host.querySelector<HTMLElement>('#end')!,
      keyClauses: new Map([['k1', host.querySelector('#clause')!]]),
      progressMarks: [host.querySelector('#mark')!],
      progressBar: bar,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const updates = host.updates;
    scroller.scrollTop = 150;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bar.value, 'no mark passed yet').to.equal(0);
    scroller.scrollTop = 300;
    await until(() => bar.value > 0, 'the bar follows the mark');
    await until(() => host.reading.state('doc').keyClausesSeen.includes('k1'), 'clause seen');
    expect(host.reading.state('doc').progress).to.be.above(0.5);
    expect(host.updates, 'progress and key clauses re-render nothing').to.equal(updates);
    scroller.scrollTop = scroller.scrollHeight;
    await until(() => host.reading.state('doc').reachedEnd, 'end reached');
    expect(bar.value).to.equal(100);
    await until(() => host.updates > updates, 'the end re-renders the host');
  });

  it('re-renders the host on dwell ticks only while `tickUpdates` says so', async () => {
    let counting = true;
    class TickHost extends ReadHost {
      override readonly reading = new ReadProgressController(this, {
        tickMs: 20,
        tickUpdates: () => counting,
      });
    }
    customElements.define('read-progress-tick-host', TickHost);
    const host = await fixture<TickHost>(html`<read-progress-tick-host></read-progress-tick-host>`);
    host.reading.setActive('doc');
    const start = host.updates;
    await until(() => host.updates >= start + 2, 'ticks re-render while counting down');
    counting = false;
    await new Promise((resolve) => setTimeout(resolve, 60));
    const stopped = host.updates;
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(host.updates, 'no re-render once nothing counts down').to.equal(stopped);
    expect(host.reading.state('doc').dwellMs, 'the clock still runs').to.be.at.least(150);
    host.reading.setActive(undefined);
  });
});

describe('FloatingHintController', () => {
  it('shows the hint next to its anchor (in the top layer where supported) and hides it', async () => {
    const { host } = await setup();
    const anchor = host.querySelector<HTMLElement>('#anchor')!;
    const tip = host.querySelector<HTMLElement>('#tip')!;
    host.hint.show(anchor, tip);
    expect(host.hint.open).to.equal(true);
    expect(tip.hidden).to.equal(false);
    if (typeof tip.showPopover === 'function') expect(tip.matches(':popover-open')).to.equal(true);
    const anchorRect = anchor.getBoundingClientRect();
    await until(
      () => Math.abs(tip.getBoundingClientRect().top - (anchorRect.bottom + 8)) < 1,
      'positioned below',
    );
    expect(Math.abs(tip.getBoundingClientRect().left - anchorRect.left)).to.be.below(1);
    host.hint.hide();
    expect(host.hint.open).to.equal(false);
    expect(tip.hidden).to.equal(true);
  });
});
