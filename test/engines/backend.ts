import { type ChildProcess, spawn } from "node:child_process";

export const ENGINES = ["chromium", "firefox", "webkit"] as const;
export type Engine = (typeof ENGINES)[number];

/** W3C WebDriver key values for the named keys journeys press. */
export const KEY = {
  Backspace: "\uE003",
  Control: "\uE009",
  Enter: "\uE007",
  Escape: "\uE00C",
  Tab: "\uE004",
} as const;

/** One key going down or up; `value` is a character or a `KEY` value. */
export interface KeyAction {
  type: "keyDown" | "keyUp";
  value: string;
}

export interface Point {
  x: number;
  y: number;
}

/** What each engine's driver implements; `frame` is a CSS selector of an iframe in the page. */
export interface Backend {
  navigate(url: string): Promise<void>;
  /** Evaluates `expression` (it may be a promise) and resolves with its JSON text. */
  evaluate(expression: string, frame?: string): Promise<string>;
  /**
   * A left click at `page`, in the top-level page's viewport; for a point in an iframe, `inFrame`
   * is the same point in that iframe's viewport (drivers that dispatch per frame use it).
   */
  click(page: Point, inFrame?: Point & { frame: string }): Promise<void>;
  /** Key actions into whatever has focus; `frame` is the iframe that holds that focus. */
  keys(actions: KeyAction[], frame?: string): Promise<void>;
  /** A PNG of the element `selector` of the top-level page. */
  screenshot(selector: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** The page size every engine renders at (wide enough for the demo's two columns). */
export const VIEWPORT = { width: 1280, height: 900 };

/**
 * Starts a browser-side process and resolves with the first match of `ready` in its output
 * (stdout, stderr, or the extra pipe fd 3 when `fd3` is set), failing after 20 s. A silent
 * process (`ready` omitted) resolves once it has spawned.
 */
export function startProcess(
  command: string,
  args: string[],
  ready: RegExp | undefined,
  options: { env?: NodeJS.ProcessEnv; fd3?: boolean } = {},
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe", ...(options.fd3 ? (["pipe"] as const) : [])],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} did not start:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready?.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ child, match });
    };
    for (const stream of [child.stdout, child.stderr, child.stdio[3]]) stream?.on("data", onData);
    if (!ready) {
      child.once("spawn", () => {
        clearTimeout(timer);
        resolve({ child, match: [""] as unknown as RegExpExecArray });
      });
    }
    child.once("error", (error) => reject(error));
    child.once("exit", (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
  });
}

/** Ends a started process and waits until it is gone. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    child.kill("SIGTERM");
  });
}
