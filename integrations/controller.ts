import { type CheckoutState, frameMessageTypes } from "../src/protocol/index.ts";
import { SETTINGS, type SettingName } from "../src/settings.ts";
import {
  type EmbedEventMap,
  type EmbedHandle,
  type EmbedOptions,
  getAddress,
  getEmail,
  mount,
  setAddress,
  setEmail,
  submit,
} from "./index.ts";

/** "promo-code-changed" → "PromoCodeChanged" */
type PascalCase<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalCase<Tail>}`
  : Capitalize<Name>;

/**
 * The events with a callback prop (`whop-checkout:email` and `:address` answer the ref's
 * `getEmail()` and `getAddress()`).
 */
type CallbackEvent = Exclude<keyof EmbedEventMap, "whop-checkout:email" | "whop-checkout:address">;

/** `whop-checkout:promo-code-changed` → `onPromoCodeChanged`; `state` → `onStateChange`, as the attribute. */
type CallbackName<Type extends string> = Type extends "whop-checkout:state"
  ? "onStateChange"
  : Type extends `whop-checkout:${infer Name}`
    ? `on${PascalCase<Name>}`
    : never;

const callbackName = (type: string) =>
  type === "state"
    ? "onStateChange"
    : `on${type.replace(/(^|-)(\w)/g, (_, _dash, letter: string) => letter.toUpperCase())}`;

/**
 * A callback prop for each event, called with the event's detail and the event (`onComplete`
 * may call `event.preventDefault()` to stay on the page); `onStateChange` gets the state itself.
 */
type CheckoutEmbedCallbacks = {
  [Type in CallbackEvent as CallbackName<Type>]?: (
    detail: Type extends "whop-checkout:state" ? CheckoutState : EmbedEventMap[Type],
    event: CustomEvent<EmbedEventMap[Type]>,
  ) => void;
};

/** Options the components take: every attribute, plus callbacks that receive the event data. */
export interface CheckoutEmbedOptions
  extends Omit<EmbedOptions, "onComplete" | "onStateChange" | "identifier">,
    CheckoutEmbedCallbacks {
  /** Names the embed for the ref's helpers (`submit`, `getEmail`, …); one is made up when omitted. */
  identifier?: string;
}

/** What a component's ref exposes: the helpers, for its own embed. */
export interface CheckoutEmbedActions {
  submit(): ReturnType<typeof submit>;
  getEmail(): ReturnType<typeof getEmail>;
  setEmail(email: string): ReturnType<typeof setEmail>;
  getAddress(): ReturnType<typeof getAddress>;
  setAddress(address: Parameters<typeof setAddress>[1]): ReturnType<typeof setAddress>;
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

/** Every event with a callback prop, by event name, and the prop's name. */
const CALLBACKS = frameMessageTypes()
  .filter((type) => type !== "email" && type !== "address" && type !== "warning")
  .map((type) => [`whop-checkout:${type}`, callbackName(type)] as const);

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

  // Each listener calls the callback of the latest options.
  const listeners = CALLBACKS.map(([type, name]) => {
    const listener = (event: Event) => {
      const { detail } = event as CustomEvent;
      const callback = (options as Record<string, unknown>)[name];
      if (typeof callback === "function")
        callback(name === "onStateChange" ? detail.state : detail, event);
    };
    return [type, listener] as const;
  });
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
      getAddress: () => getAddress(identifier),
      setAddress: (address) => setAddress(identifier, address),
    } satisfies CheckoutEmbedActions,
    destroy() {
      for (const [type, listener] of listeners) element.removeEventListener(type, listener);
      handle?.unmount();
      handle = null;
    },
  };
}
