import { effect } from "@preact/signals";
import { render } from "preact";
import {
  type EmbedConfig,
  type FrameMessage,
  PROTOCOL_VERSION,
  THEMES,
  type Theme,
  warningMessage,
} from "../protocol/index.ts";
import { asAttribute, themeWarning } from "../settings.ts";
import { App, loadSuccess } from "./app.tsx";
import { connectToHost } from "./bridge.ts";
import { detailChecks } from "./fields.ts";
import { readInlineCatalog } from "./i18n.ts";
import { createCheckoutModel } from "./models/CheckoutModel.ts";
import "./styles/base.css";
import "./styles/summary.css";
import "./styles/form.css";
import "./styles/states.css";

// The embed settings as the shell checked and inlined them (see `readEmbedQuery` on the server).
const config = JSON.parse(document.getElementById("config")!.textContent!) as EmbedConfig;
readInlineCatalog();
const html = document.documentElement;
// The appearance settings as the checkout origin computed them (CSSOM: the frame's CSP allows it).
for (const [name, value] of Object.entries(config.style)) html.style.setProperty(name, value);

const model = createCheckoutModel(config);
// Start the plan request before anything else; the shell's preload usually answers it.
const loading = model.load();
const warn = (message: string) => host.send(warningMessage(message));

// The loader puts the channel id in the URL's fragment; a loader cached from before that put
// it in the query, which the shell inlined.
const channel = location.hash.slice(1) || config.channel;
const host = connectToHost(channel, config.origin, (message) => {
  switch (message.type) {
    case "theme": {
      // A background colour fixed the palette (see the checkout origin's `paletteFor`).
      if (config.style["--bg"]?.startsWith("#")) break;
      // Checked here, as at load: a theme we do not have is reported and the default applies.
      const theme = (message.theme ?? "system") as Theme;
      const known = THEMES.includes(theme);
      if (!known) warn(themeWarning(theme));
      model.theme.value = known ? theme : "system";
      break;
    }
    case "submit":
      void model.submit();
      break;
    case "set-email":
      model.form.setValue("email", message.email);
      break;
    case "keep": {
      // After a reload (the page moved the iframe): what the buyer had typed.
      const { email, name, country, details } = message;
      model.form.values.value = { ...model.form.values.value, email, name, country, ...details };
      break;
    }
    case "get-email":
      host.send({
        v: PROTOCOL_VERSION,
        type: "email",
        id: message.id,
        email: model.form.values.value.email ?? "",
      });
      break;
    default:
      // get-address, set-address: answered by the buyer-details code, loaded now if need be.
      void loadDetails().then((details) => details.answer(message));
  }
});

// What the buyer typed (never card data), for the loader to hand back if the iframe reloads.
effect(() => {
  const values = model.form.values.value;
  const { email, name, country } = values;
  const details: Record<string, string> = {};
  for (const field in detailChecks) details[field] = values[field] ?? "";
  host.send({ v: PROTOCOL_VERSION, type: "keep", email, name, country, details } as FrameMessage);
});

/**
 * The buyer-details code (address and phone fields, their libraries): a chunk of its own,
 * loaded only by checkouts that collect them, or when the page asks for the address.
 */
const loadDetails = () =>
  import("./details/index.tsx").then((module) => module.attach(model, host.send));

// What the checkout origin could not use of the embed's settings, for the page's console.
for (const warning of config.warnings) warn(warning);

effect(() => {
  html.dataset.theme = model.theme.value;
});

effect(() => {
  const state = model.state.value;
  host.send({ v: PROTOCOL_VERSION, type: "state", state });
  // The confirmation's code, fetched while the platform works on the payment or entry.
  if (state === "processing") loadSuccess();
  const problem = model.problem.peek();
  const totals = model.totals.peek();
  if (state === "error" && problem) {
    host.send({
      v: PROTOCOL_VERSION,
      type: "error",
      code: problem.code,
      message: problem.message,
      ...totals,
    });
  }
  const result = model.result.peek();
  if (state === "complete" && result) {
    const { payment } = result;
    host.send({
      v: PROTOCOL_VERSION,
      type: "complete",
      status: "success",
      plan_id: payment.plan_id,
      receipt_id: result.receipt.id,
      session_id: payment.session_id,
      redirect_url: result.redirect_url,
      amount: payment.amount,
      currency: payment.currency,
      promo_code: totals.promo_code,
    });
  }
});

// Funnel events: the promo code (applied or removed) with the new price, and each distinct
// valid email the buyer entered.
let promoCode: string | null = null;
effect(() => {
  const { amount, currency, promo_code } = model.totals.value;
  if (promo_code === promoCode) return;
  promoCode = promo_code;
  host.send({
    v: PROTOCOL_VERSION,
    type: "promo-code-changed",
    code: promo_code,
    total: amount,
    currency,
  });
});
let captured = "";
effect(() => {
  const email = model.form.accepted.value.email?.trim();
  if (!email || email === captured) return;
  captured = email;
  host.send({ v: PROTOCOL_VERSION, type: "email-captured", email });
});

const root = document.getElementById("app")!;

// The host sizes the iframe to the content, so the checkout never shows an inner scrollbar.
let lastHeight = -1;
new ResizeObserver(() => {
  const height = Math.ceil(root.getBoundingClientRect().height);
  if (height === lastHeight) return;
  lastHeight = height;
  host.send({ v: PROTOCOL_VERSION, type: "resize", height });
}).observe(root);

// A checkout that collects buyer details shows its form once their code is there too; if it
// cannot load, the form shows without them (the platform then says what is missing).
void Promise.all([loading, config.details && loadDetails().catch(() => {})]).then(() => {
  const refused = model.promo.error.peek();
  if (config.promoCode && refused) {
    warn(
      `${asAttribute("promoCode", config.promoCode)} was not applied (${refused}); the full price applies.`,
    );
  }
  root.textContent = "";
  root.removeAttribute("aria-busy");
  render(<App model={model} />, root);
  // Read by the speed test; also visible in the browser's performance panel.
  performance.mark("checkout-ready");
  host.send({ v: PROTOCOL_VERSION, type: "ready" });
});
