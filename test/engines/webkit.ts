// WebKitGTK through WebKitWebDriver (classic W3C WebDriver over HTTP), driving MiniBrowser on a
// private Xvfb display: WebKitGTK has no headless mode.
import { createServer } from "node:net";
import { type Backend, startProcess, stopProcess, VIEWPORT } from "./backend.ts";

const MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
/** How WebDriver names an element reference in JSON. */
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export async function webkitBackend(): Promise<Backend> {
  // -displayfd: Xvfb picks a free display and writes its number to fd 3.
  const xvfb = await startProcess(
    "/usr/bin/Xvfb",
    ["-displayfd", "3", "-screen", "0", "1600x1200x24", "-nolisten", "tcp"],
    /^(\d+)\n/m,
    { fd3: true },
  );
  const port = await freePort();
  const driver = await startProcess("/usr/bin/WebKitWebDriver", [`--port=${port}`], undefined, {
    env: { ...process.env, DISPLAY: `:${xvfb.match[1]}` },
  }).catch(async (error) => {
    await stopProcess(xvfb.child);
    throw error;
  });
  const base = `http://127.0.0.1:${port}`;

  const call = async (method: string, path: string, body?: object): Promise<unknown> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const { value } = (await response.json()) as { value: { error?: string; message?: string } };
    if (!response.ok) throw new Error(`${value.error}: ${value.message}`);
    return value;
  };
  let session = "";
  for (let tries = 0; !session; tries++) {
    try {
      const created = (await call("POST", "/session", {
        capabilities: {
          alwaysMatch: {
            "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
          },
        },
      })) as { sessionId: string };
      session = created.sessionId;
    } catch (error) {
      // The driver says nothing when it listens: retry briefly while its port is not open yet.
      if (tries > 50) throw error;
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  const at = (path: string) => `/session/${session}${path}`;
  await call("POST", at("/window/rect"), VIEWPORT);

  const execute = async (expression: string): Promise<string> => {
    const outcome = (await call("POST", at("/execute/async"), {
      script: `const done = arguments[0];
        Promise.resolve().then(() => ${expression})
          .then((json) => done({ json }), (error) => done({ error: String(error) }));`,
      args: [],
    })) as { json?: string; error?: string };
    if (outcome.error !== undefined) throw new Error(outcome.error);
    return outcome.json!;
  };
  const findElement = async (selector: string) =>
    call("POST", at("/element"), { using: "css selector", value: selector }) as Promise<{
      [ELEMENT]: string;
    }>;
  /** Runs `action` with the iframe `frame` as the current browsing context, then goes back. */
  const inFrame = async <T>(frame: string | undefined, action: () => Promise<T>): Promise<T> => {
    if (!frame) return action();
    await call("POST", at("/frame"), { id: await findElement(frame) });
    try {
      return await action();
    } finally {
      await call("POST", at("/frame/parent"), {});
    }
  };

  return {
    async navigate(url) {
      await call("POST", at("/url"), { url });
    },
    evaluate: (expression, frame) => inFrame(frame, () => execute(expression)),
    async click({ x, y }) {
      await call("POST", at("/actions"), {
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
      await inFrame(frame, () =>
        call("POST", at("/actions"), { actions: [{ type: "key", id: "keyboard", actions }] }),
      );
    },
    async screenshot(selector) {
      const element = await findElement(selector);
      const data = (await call("GET", at(`/element/${element[ELEMENT]}/screenshot`))) as string;
      return Buffer.from(data, "base64");
    },
    async close() {
      await call("DELETE", at("")).catch(() => undefined);
      await stopProcess(driver.child);
      await stopProcess(xvfb.child);
    },
  };
}
