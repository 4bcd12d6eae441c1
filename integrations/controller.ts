import { SETTINGS, type SettingName } from "../src/settings.ts";
import {
  type EmbedEventMap,
  type EmbedHandle,
  type EmbedOptions,
  getEmail,
  mount,
  setEmail,
  submit,
} from "./index.ts";

type Complete = EmbedEventMap["whop-checkout:complete"];

/** Options the components take: every attribute, plus callbacks that receive the event data. */
export interface CheckoutEmbedOptions
  extends Omit<EmbedOptions, "onComplete" | "onStateChange" | "identifier"> {
  /** Names the embed for `submit`/`getEmail`/`setEmail`; one is made up when omitted. */
  identifier?: string;
  /** After a purchase; call `event.preventDefault()` to stay on the page (no redirect). */
  onComplete?: (detail: Complete, event: CustomEvent<Complete>) => void;
  onStateChange?: (state: EmbedEventMap["whop-checkout:state"]["state"]) => void;
  onError?: (error: EmbedEventMap["whop-checkout:error"]) => void;
  onReady?: () => void;
}

/** What a component's ref exposes: the helpers, for its own embed. */
export interface CheckoutEmbedActions {
  submit(): ReturnType<typeof submit>;
  getEmail(): ReturnType<typeof getEmail>;
  setEmail(email: string): ReturnType<typeof setEmail>;
}

let instances = 0;

// Compile-time check: the shared list of settings is exactly `EmbedOptions` (but `origin`).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
type _SettingsMatchOptions = Expect<Same<SettingName | "origin", keyof EmbedOptions>>;

/**
 * Every option `mount()` forwards to the checkout; the components' own callbacks listen to DOM
 * events instead. Anything else among the props (a class, a stray attribute) must not reach
 * the checkout's URL.
 */
const FORWARDED = [...SETTINGS, "origin"].filter(
  (name) => name !== "onComplete" && name !== "onStateChange",
);

/** The options of `props` that `mount()` takes, without the unset ones. */
function embedOptionsOf(props: CheckoutEmbedOptions): EmbedOptions {
  const options: Record<string, unknown> = {};
  for (const name of FORWARDED) {
    const value = (props as Record<string, unknown>)[name];
    if (value !== undefined) options[name] = value;
  }
  return options;
}

/** Everything that decides which checkout is shown but the theme; a change mounts it afresh. */
function identityKey(options: CheckoutEmbedOptions): string {
  const { theme: _theme, ...rest } = embedOptionsOf(options);
  return JSON.stringify(rest, Object.keys(rest).sort());
}

/** Which callback hears which event, with the options of the latest render. */
const LISTENERS: {
  [Type in keyof EmbedEventMap]?: (
    options: CheckoutEmbedOptions,
    event: CustomEvent<EmbedEventMap[Type]>,
  ) => void;
} = {
  "whop-checkout:complete": (options, event) => options.onComplete?.(event.detail, event),
  "whop-checkout:state": (options, event) => options.onStateChange?.(event.detail.state),
  "whop-checkout:error": (options, event) => options.onError?.(event.detail),
  "whop-checkout:ready": (options) => options.onReady?.(),
};

/**
 * The framework-independent part of the components: mounts one embed in `element`, routes its
 * DOM events to the latest callbacks, applies theme changes live, and releases everything on
 * `destroy()`. Components call `update()` on every render.
 */
export function createEmbedController(element: HTMLElement, initial: CheckoutEmbedOptions) {
  let options = initial;
  const identifier = initial.identifier ?? `embed-${++instances}`;
  let handle: EmbedHandle | null = null;
  let key = "";

  const listeners = Object.entries(LISTENERS).map(
    ([type, listener]) => [type, (event: Event) => listener(options, event as never)] as const,
  );
  for (const [type, listener] of listeners) element.addEventListener(type, listener);

  function remount() {
    handle?.unmount();
    handle = mount(element, { ...embedOptionsOf(options), identifier });
  }

  function update(next: CheckoutEmbedOptions) {
    const previousTheme = options.theme;
    options = next;
    const nextKey = identityKey(next);
    if (nextKey !== key) {
      key = nextKey;
      remount();
    } else if (next.theme !== previousTheme) {
      handle?.send("theme", { theme: next.theme ?? "system" });
    }
  }

  update(initial);

  return {
    update,
    actions: {
      submit: () => submit(identifier),
      getEmail: () => getEmail(identifier),
      setEmail: (email: string) => setEmail(identifier, email),
    } satisfies CheckoutEmbedActions,
    destroy() {
      for (const [type, listener] of listeners) element.removeEventListener(type, listener);
      handle?.unmount();
      handle = null;
    },
  };
}
