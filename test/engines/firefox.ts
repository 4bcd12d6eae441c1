// Firefox ESR through WebDriver BiDi, spoken directly over its WebSocket (no geckodriver).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { type Backend, startProcess, stopProcess, VIEWPORT } from "./backend.ts";

/** Quiet first run: no default-browser prompt, no telemetry or update pings. */
const PREFS = {
  "browser.shell.checkDefaultBrowser": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "toolkit.telemetry.reportingpolicy.firstRun": false,
  "app.update.disabledForTesting": true,
  "browser.startup.homepage_override.mstone": "ignore",
};

interface RemoteValue {
  type: string;
  value?: unknown;
  sharedId?: string;
}

export async function firefoxBackend(): Promise<Backend> {
  const profile = mkdtempSync(join(tmpdir(), "engines-firefox-"));
  writeFileSync(
    join(profile, "user.js"),
    Object.entries(PREFS)
      .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});\n`)
      .join(""),
  );
  const { child, match } = await startProcess(
    "/usr/bin/firefox",
    ["--headless", "--no-remote", "--profile", profile, "--remote-debugging-port=0", "about:blank"],
    /WebDriver BiDi listening on (ws:\/\/\S+)/,
  );
  const socket = new WebSocket(`${match[1]}/session`);
  await new Promise((opened, failed) => socket.once("open", opened).once("error", failed));

  let lastId = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data));
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.type === "error") waiter.reject(new Error(`${message.error}: ${message.message}`));
    else waiter.resolve(message.result);
  });
  const send = <T = Record<string, unknown>>(method: string, params: object) =>
    new Promise<T>((resolve, reject) => {
      const id = ++lastId;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });

  await send("session.new", { capabilities: {} });
  const tree = await send<{ contexts: { context: string }[] }>("browsingContext.getTree", {});
  const top = tree.contexts[0]!.context;
  await send("browsingContext.setViewport", { context: top, viewport: VIEWPORT });

  const evaluateIn = async (context: string, expression: string): Promise<RemoteValue> => {
    const answer = await send<{
      type: string;
      result: RemoteValue;
      exceptionDetails?: { text: string };
    }>("script.evaluate", { expression, target: { context }, awaitPromise: true });
    if (answer.type === "exception") throw new Error(answer.exceptionDetails!.text);
    return answer.result;
  };
  /** The browsing context of the iframe `frame` (cross-origin frames have their own). */
  const contextOf = async (frame?: string) => {
    if (!frame) return top;
    const window = await evaluateIn(
      top,
      `document.querySelector(${JSON.stringify(frame)})?.contentWindow`,
    );
    if (window.type !== "window") throw new Error(`no iframe ${frame}`);
    return (window.value as { context: string }).context;
  };

  return {
    async navigate(url) {
      await send("browsingContext.navigate", { context: top, url, wait: "complete" });
    },
    async evaluate(expression, frame) {
      return (await evaluateIn(await contextOf(frame), expression)).value as string;
    },
    async click(page, inFrame) {
      // Firefox hit-tests within the context it is given: a cross-origin iframe gets its own.
      const { x, y } = inFrame ?? page;
      await send("input.performActions", {
        context: await contextOf(inFrame?.frame),
        actions: [
          {
            type: "pointer",
            id: "mouse",
            parameters: { pointerType: "mouse" },
            actions: [
              { type: "pointerMove", x, y, origin: "viewport" },
              { type: "pointerDown", button: 0 },
              { type: "pointerUp", button: 0 },
            ],
          },
        ],
      });
    },
    async keys(actions, frame) {
      await send("input.performActions", {
        context: await contextOf(frame),
        actions: [{ type: "key", id: "keyboard", actions }],
      });
    },
    async screenshot(selector) {
      const element = await evaluateIn(top, `document.querySelector(${JSON.stringify(selector)})`);
      const { data } = await send<{ data: string }>("browsingContext.captureScreenshot", {
        context: top,
        clip: { type: "element", element: { sharedId: element.sharedId } },
      });
      return Buffer.from(data, "base64");
    },
    async close() {
      await send("session.end", {}).catch(() => undefined);
      socket.close();
      await stopProcess(child);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
