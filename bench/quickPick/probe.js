// Runs inside the workbench page (browser JS, no build step). Times, on the page's own clock, how long a
// keystroke takes to reach the quick pick's rendered rows, so Playwright's round trips add nothing.
(() => {
  if (window.__quickPickProbe) return;

  const MODIFIER_KEYS = new Set(['Control', 'Alt', 'Shift', 'Meta']);

  function widget() {
    return document.querySelector('.quick-input-widget');
  }

  function isVisible() {
    const element = widget();
    return !!element && element.style.display !== 'none' && element.getClientRects().length > 0;
  }

  function rows() {
    const list = widget()?.querySelectorAll('.quick-input-list .monaco-list-row') ?? [];
    // Rows are recycled as the list scrolls, so DOM order need not be screen order.
    return Array.from(list).sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
  }

  function rowsHeight() {
    return widget()?.querySelector('.quick-input-list .monaco-list-rows')?.style.height ?? '';
  }

  /** Everything a person sees of the list: its total height (how many rows) and each rendered row, highlights included. */
  function signature() {
    if (!isVisible()) return 'hidden';
    return [rowsHeight(), ...rows().map((row) => `${row.dataset.index}|${row.getAttribute('aria-label')}|${row.innerHTML}`)].join('\n');
  }

  /** What the table reports about the list: rendered rows, the list's height and the rows' common height. */
  function summary() {
    const rendered = rows();
    const heights = rendered.map((row) => row.getBoundingClientRect().height);
    return {
      visible: isVisible(),
      value: widget()?.querySelector('.quick-input-box input')?.value ?? null,
      renderedRows: rendered.length,
      listHeightPx: parseFloat(rowsHeight()) || 0,
      rowHeightPx: heights.length > 0 ? Math.max(...heights) : 0,
      firstLabel: rendered[0]?.querySelector('.label-name')?.textContent?.trim() ?? null,
      firstAriaLabel: rendered[0]?.getAttribute('aria-label') ?? null,
      setSize: rendered[0]?.getAttribute('aria-setsize') ?? null,
    };
  }

  /** Resolves once the page has gone `quietMs` without any DOM change (or after `timeoutMs`, flagged). */
  function waitQuiet(quietMs, timeoutMs) {
    return new Promise((resolve) => {
      const started = performance.now();
      let last = started;
      let mutations = 0;
      const observer = new MutationObserver(() => {
        last = performance.now();
        mutations++;
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      const check = () => {
        const now = performance.now();
        if (now - last >= quietMs || now - started >= timeoutMs) {
          observer.disconnect();
          resolve({ quiet: now - last >= quietMs, waitedMs: now - started, mutations, signature: signature() });
        } else {
          setTimeout(check, Math.max(10, quietMs - (now - last)));
        }
      };
      setTimeout(check, quietMs);
    });
  }

  let pending = null;

  /**
   * Arms a measurement. The clock starts at the next non-modifier keydown (or, failing one, input event) and stops
   * at the first animation frame at which the list's signature equals `expected` and, when `afterInput`, the typed
   * character has been handled: domMs when the DOM reached that state (for a keystroke that leaves the list as it
   * was, the first task after the input event), frameMs at the frame that paints it.
   */
  function arm(expected, timeoutMs, afterInput) {
    pending = new Promise((resolve) => {
      let startAt = null;
      let startEvent = null;
      let inputSeen = !afterInput;
      let afterInputAt = null;
      let mutations = 0;
      let done = false;
      const start = (event) => {
        startAt = performance.now();
        startEvent = event;
      };
      const onKeydown = (event) => {
        if (startAt === null && !MODIFIER_KEYS.has(event.key)) start(`keydown ${event.key}`);
      };
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        if (afterInputAt === null) afterInputAt = performance.now();
      };
      const onInput = () => {
        if (startAt === null) start('input');
        inputSeen = true;
        // Both run after the input event's own (synchronous) handlers have finished.
        channel.port2.postMessage(null);
        requestAnimationFrame(() => {
          if (done || signature() !== expected) return;
          const frameAt = performance.now();
          const domAt = afterInputAt === null ? frameAt : Math.min(afterInputAt, frameAt);
          finish({ startEvent, via: 'frame after input', domMs: domAt - startAt, frameMs: frameAt - startAt, mutations });
        });
      };
      let timer;
      const finish = (result) => {
        done = true;
        observer.disconnect();
        window.removeEventListener('keydown', onKeydown, true);
        window.removeEventListener('input', onInput, true);
        channel.port1.close();
        clearTimeout(timer);
        resolve(result);
      };
      const observer = new MutationObserver(() => {
        if (startAt === null || done) return;
        mutations++;
        if (!inputSeen || signature() !== expected) return;
        const domAt = performance.now();
        observer.disconnect();
        requestAnimationFrame(() => {
          if (!done) finish({ startEvent, via: 'mutation', domMs: domAt - startAt, frameMs: performance.now() - startAt, mutations });
        });
      });
      window.addEventListener('keydown', onKeydown, true);
      window.addEventListener('input', onInput, true);
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      timer = setTimeout(() => finish({ timedOut: true, startEvent, mutations, summary: summary() }), timeoutMs);
    });
    return true;
  }

  function result() {
    return pending;
  }

  window.__quickPickProbe = { signature, summary, waitQuiet, arm, result };
})();
