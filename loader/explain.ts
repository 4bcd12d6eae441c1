// The sentences of the loader's console errors, part of loader-api.js: loader.js only decides
// that something is wrong and imports them then, so a page that embeds correctly never
// downloads them (and loader.js keeps its byte budget).
import { asAttribute } from "../src/settings.ts";
import { logError } from "./log.ts";
import type { EmbedHandle, Explain } from "./mount.ts";

/** Writes the console error that says what went wrong (see `Problem` in mount.ts). */
export function explainProblem(
  embeds: Map<HTMLElement, EmbedHandle | null>,
  ...[problem, element, name, value]: Parameters<Explain>
): Promise<void> | void {
  if (problem === "silent") {
    const handle = embeds.get(element);
    return handle ? askWhySilent(handle) : undefined;
  }
  logError(
    problem === "redirect"
      ? `Not redirected: "${name}" is not an http(s) URL.`
      : `${asAttribute(name!, value)} ${problem === "id" ? "is not a valid id; nothing was mounted." : "is not a global function; nothing was called."}`,
    element,
  );
}

/** Whether `handle`'s checkout is in the page but has not said hello yet. */
const silent = ({ iframe }: EmbedHandle) => iframe.hidden && iframe.isConnected;

/**
 * A checkout silent this long most likely may not be framed by the page's origin (its CSP
 * refused it): the checkout origin answers whether it may and, if not, the sentence that says
 * how to allow it. The checkout is then removed, the fallback content stays, and the sentence is
 * logged. A slow network or a throttled tab only delays the hello: the answer is then empty. A
 * failed request (the checkout origin unreachable) is logged as is.
 */
async function askWhySilent(handle: EmbedHandle): Promise<void> {
  if (!silent(handle)) return;
  try {
    const answer = await fetch(handle.iframe.src.replace("/embed/checkout?", "/embed/allowed?"));
    const refusal = await answer.text();
    if (refusal && silent(handle)) {
      handle.unmount();
      logError(refusal, handle.element);
    }
  } catch (error) {
    logError(error);
  }
}
