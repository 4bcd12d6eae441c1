import { IDENTITY_ATTRIBUTES, PREFIX, readOptions, readTheme, SELECTOR } from "./attributes.ts";
import { logError } from "./log.ts";
import { type EmbedHandle, mount } from "./mount.ts";

export type { EmbedEventMap, EmbedHandle, EmbedOptions } from "./mount.ts";
export { mount };

const NAMESPACE = "WhopCheckout";

/** Embeds mounted from attributes, by container. */
const embeds = new Map<HTMLElement, EmbedHandle>();

function mountElement(element: HTMLElement): void {
  const options = readOptions(element);
  if (options) embeds.set(element, mount(element, options));
}

function unmountElement(element: HTMLElement): void {
  embeds.get(element)?.unmount();
  embeds.delete(element);
}

/** Brings the mounted embeds in line with the document: new ones mounted, gone ones released. */
function sync(): void {
  for (const element of embeds.keys()) if (!element.isConnected) unmountElement(element);
  for (const element of document.querySelectorAll<HTMLElement>(SELECTOR)) {
    if (!embeds.has(element)) mountElement(element);
  }
}

function onMutations(records: MutationRecord[]): void {
  for (const record of records) {
    const element = record.target as HTMLElement;
    if (record.type !== "attributes" || !embeds.has(element)) continue;
    if (IDENTITY_ATTRIBUTES.includes(record.attributeName!)) {
      unmountElement(element);
    } else {
      embeds.get(element)!.setTheme(readTheme(element));
    }
  }
  sync();
}

function start(): void {
  new MutationObserver(onMutations).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: [...IDENTITY_ATTRIBUTES, `${PREFIX}theme`],
  });
  sync();
}

// A second copy of the script on the same page finds the namespace taken and does nothing.
const host = window as unknown as Record<string, unknown>;
if (!host[NAMESPACE]) {
  host[NAMESPACE] = { mount };
  try {
    start();
  } catch (error) {
    logError("could not start:", error);
  }
}
