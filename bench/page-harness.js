// Measurement helpers installed in the benchmark's host pages before any of their own script.
// Plain JavaScript on purpose: it runs in the browser exactly as written.
window.benchHarness = {
  /** Adds the embed script and resolves with the ms until every embed element holds an iframe. */
  injectAndWait(src, slots) {
    return new Promise((resolve) => {
      const elements = [...document.querySelectorAll("[data-whop-checkout-plan-id]")];
      const attached = () => elements.filter((element) => element.querySelector("iframe")).length;
      const addsFrame = (record) =>
        [...record.addedNodes].some(
          (node) =>
            node.nodeName === "IFRAME" ||
            (node instanceof Element && node.querySelector("iframe") !== null),
        );
      const start = performance.now();
      const observer = new MutationObserver((records) => {
        if (!records.some(addsFrame) || attached() < slots) return;
        observer.disconnect();
        resolve(performance.now() - start);
      });
      observer.observe(document.body, { childList: true, subtree: true });
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      document.head.appendChild(script);
    });
  },

  /** Appends `tasks × perTask` unrelated elements, one task after another; resolves with the ms. */
  churn(tasks, perTask) {
    return new Promise((resolve) => {
      const feed = document.getElementById("feed");
      // MessageChannel tasks are not clamped like nested timers, so the loop measures work only.
      const channel = new MessageChannel();
      let done = 0;
      const start = performance.now();
      channel.port1.onmessage = () => {
        if (done === tasks) {
          // This task runs after the last append task and its mutation observer callbacks.
          channel.port1.close();
          resolve(performance.now() - start);
          return;
        }
        for (let index = 0; index < perTask; index++) {
          const item = document.createElement("div");
          item.className = "item";
          item.textContent = `Item ${done * perTask + index}`;
          feed.appendChild(item);
        }
        done++;
        channel.port2.postMessage(0);
      };
      channel.port2.postMessage(0);
    });
  },
};
