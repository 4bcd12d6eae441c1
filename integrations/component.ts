import {
  type CheckoutEmbedActions,
  type CheckoutEmbedOptions,
  createEmbedController,
} from "./controller.ts";

type Controller = ReturnType<typeof createEmbedController>;
interface MutableRef<T> {
  current: T;
}

/** The few hooks the component needs; React and Preact (via preact/compat) both provide them. */
export interface Hooks {
  createElement(type: "div", props: Record<string, unknown>): unknown;
  forwardRef<P>(render: (props: P, ref: unknown) => unknown): unknown;
  useEffect(effect: () => unknown, deps?: unknown[]): void;
  useImperativeHandle(ref: unknown, create: () => CheckoutEmbedActions, deps?: unknown[]): void;
  useRef<T>(initial: T): MutableRef<T>;
}

/**
 * Builds the `<CheckoutEmbed>` component for a framework: an empty element on the server, a
 * mounted checkout in the browser. `classProp` is the framework's name for the CSS class prop.
 */
export function defineCheckoutEmbed(hooks: Hooks, classProp: "className" | "class") {
  return hooks.forwardRef((props: CheckoutEmbedOptions & Record<string, unknown>, ref) => {
    const { [classProp]: className, ...options } = props;
    const element = hooks.useRef<HTMLDivElement | null>(null);
    const controller = hooks.useRef<Controller | null>(null);

    hooks.useEffect(() => {
      const created = createEmbedController(element.current!, options);
      controller.current = created;
      return () => {
        created.destroy();
        controller.current = null;
      };
    }, []);

    // Every render: a theme change reaches the live checkout, anything else remounts it.
    hooks.useEffect(() => {
      controller.current?.update(options);
    });

    hooks.useImperativeHandle(
      ref,
      () => ({
        submit: () => controller.current?.actions.submit() ?? Promise.resolve(),
        getEmail: () => controller.current?.actions.getEmail() ?? Promise.resolve(null),
        setEmail: (email) => controller.current?.actions.setEmail(email) ?? Promise.resolve(),
        getAddress: () => controller.current?.actions.getAddress() ?? Promise.resolve(null),
        setAddress: (address) =>
          controller.current?.actions.setAddress(address) ?? Promise.resolve(),
      }),
      [],
    );

    return hooks.createElement("div", { ref: element, [classProp]: className });
  });
}
