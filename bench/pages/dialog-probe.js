// Injected into bench/pages/dialog.html (page.addInitScript): opens Assent's <agreement-dialog> or the
// innerHTML floor on the same text, times open → content painted, and scrolls either one end to end.
(() => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  /** Resolves after the frame being prepared has been painted (a task posted from a frame callback). */
  const painted = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      }),
    );
  const shown = (element) =>
    element.getBoundingClientRect().height > 0 &&
    element.checkVisibility({ opacityProperty: true, visibilityProperty: true });

  /** Resolves with the time the frame in which `ready()` first holds has been painted. */
  const paintedWhen = (ready, timeoutMs = 20000) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const check = () => {
        if (ready()) {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(null);
          return;
        }
        if (performance.now() - started > timeoutMs) reject(new Error('content never painted'));
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });

  const escapeHtml = (text) =>
    text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  /** The floor's markup: HTML as is; text and Markdown as one escaped paragraph per line. */
  const floorMarkup = (text, format) =>
    format === 'html'
      ? text
      : text
          .split(/\n+/)
          .filter((line) => line.trim())
          .map((line) => `<p>${escapeHtml(line)}</p>`)
          .join('');

  /** Tasks over 50 ms since the last `takeLongTasks()`. */
  let longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this engine: the count stays empty.
  }

  let assent;
  const assentBody = () => assent?.shadowRoot?.querySelector('[part~="body"]');
  const assentReady = () => {
    const body = assentBody();
    return Boolean(body && body.querySelector('[part~="end-marker"]') && shown(body));
  };

  /** Puts an `<agreement-dialog>` with the text as an inline `<policy-document>` into the page. */
  const insertAssent = (text, format) => {
    assent = document.createElement('agreement-dialog');
    const doc = document.createElement('policy-document');
    doc.setAttribute('doc-id', 'bench');
    doc.setAttribute('version', '1');
    doc.setAttribute('title', 'Bench document');
    if (format === 'html') {
      const template = document.createElement('template');
      template.innerHTML = text;
      doc.append(template);
    } else {
      const script = document.createElement('script');
      script.type = format === 'markdown' ? 'text/markdown' : 'text/plain';
      script.textContent = text;
      doc.append(script);
    }
    assent.append(doc);
    document.body.append(assent);
  };

  window.__dialogBench = {
    /** Resolves with the durations of the tasks over 50 ms since the last call, after they are reported. */
    async takeLongTasks() {
      await new Promise((resolve) => setTimeout(resolve, 0));
      const taken = longTasks;
      longTasks = [];
      return taken;
    },
    /** Cold open: insert the dialog with its document, show() it, until the document text is painted. */
    async openAssent(text, format) {
      await painted();
      const start = performance.now();
      insertAssent(text, format);
      void assent.show();
      const end = await paintedWhen(assentReady);
      return end - start;
    },
    /**
     * A dialog already in the page when it is opened (the usual case: in the markup, opened on a
     * click): inserted, its documents loaded and the page idle for a while; resolves when that is so.
     */
    async insertAssentAhead(text, format) {
      insertAssent(text, format);
      await assent.documentsReady;
      for (let i = 0; i < 3; i++)
        await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 }));
      await painted();
    },
    /** Opens the dialog `insertAssentAhead` put in the page, until the document text is painted. */
    async showAssent() {
      const start = performance.now();
      void assent.show();
      const end = await paintedWhen(assentReady);
      return end - start;
    },
    /** Warm open: the same dialog, closed and shown again. */
    async reopenAssent() {
      await assent.hide();
      await painted();
      const start = performance.now();
      void assent.show();
      const end = await paintedWhen(assentReady);
      return end - start;
    },
    async openFloor(text, format) {
      await painted();
      const start = performance.now();
      const dialog = document.getElementById('floor');
      const body = document.getElementById('floor-body');
      body.innerHTML = floorMarkup(text, format);
      dialog.showModal();
      const end = await paintedWhen(() => shown(body) && body.childElementCount > 0);
      return end - start;
    },
    async reopenFloor() {
      const dialog = document.getElementById('floor');
      const body = document.getElementById('floor-body');
      dialog.close();
      await painted();
      const start = performance.now();
      dialog.showModal();
      const end = await paintedWhen(() => shown(body));
      return end - start;
    },
    /**
     * Scrolls the open document from top to bottom in `steps` equal steps, one per frame, so both
     * sides draw the same number of frames whatever their text height. Resolves with the pixels scrolled.
     */
    async scroll(which, steps) {
      const scroller = which === 'assent' ? assentBody() : document.getElementById('floor-body');
      scroller.scrollTop = 0;
      await frame();
      // Measured at each step: a text laid out as it comes into view may grow while it is scrolled.
      let distance = 0;
      for (let i = 1; i <= steps; i++) {
        distance = scroller.scrollHeight - scroller.clientHeight;
        scroller.scrollTop = (distance * i) / steps;
        await frame();
      }
      // Let observers (reading progress, end marker) deliver what the last frames produced.
      await frame();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return distance;
    },
  };
})();
