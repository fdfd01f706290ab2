// Injected before any page script (page.addInitScript): records when the banner is first laid out,
// visible and painted, plus long tasks and layout shifts, into `window.__bench`.
(() => {
  const state = {
    longTasks: [],
    layoutShift: 0,
    shifts: [],
    fcp: undefined,
    visibleAt: undefined,
    paintedAt: undefined,
    frames: 0,
  };
  window.__bench = state;
  const observe = (type, onEntry) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true });
    } catch {
      // An entry type this engine lacks stays empty.
    }
  };
  observe('longtask', (entry) => state.longTasks.push({ start: entry.startTime, duration: entry.duration }));
  observe('layout-shift', (entry) => {
    if (entry.hadRecentInput) return;
    state.layoutShift += entry.value;
    state.shifts.push({ start: entry.startTime, value: entry.value });
  });
  observe('paint', (entry) => {
    if (entry.name === 'first-contentful-paint') state.fcp = entry.startTime;
  });

  /** `a >>> b` descends into a shadow root; `a, b` (plain CSS) picks the first match. */
  const find = (selector) => {
    let scope = document;
    let found = null;
    for (const part of selector.split('>>>').map((s) => s.trim())) {
      found = (scope.shadowRoot ?? scope).querySelector?.(part) ?? null;
      if (!found) return null;
      scope = found;
    }
    return found;
  };
  /** Laid out, inside the viewport, and not hidden by display, visibility or opacity (flat tree). */
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return false;
    if (box.bottom <= 0 || box.right <= 0 || box.top >= innerHeight || box.left >= innerWidth) return false;
    return element.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };
  const afterPaint = () => {
    // A task posted from a frame callback runs once that frame has been painted.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      state.paintedAt = performance.now();
    };
    channel.port2.postMessage(null);
  };
  const tick = () => {
    state.frames += 1;
    const selector = document.querySelector('meta[name="bench-banner"]')?.content;
    const banner = selector ? find(selector) : null;
    if (banner && visible(banner)) {
      state.visibleAt = performance.now();
      afterPaint();
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
