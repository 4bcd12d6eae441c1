import { type EmbedConfig, PLAN_ID } from "../protocol/index.ts";

/** What the embed asks of the checkout, as the shell inlined it after checking it. */
export type CheckoutParams = EmbedConfig;

/** Reads the settings the shell inlined (see `readEmbedQuery` on the server). */
export const readParams = (): CheckoutParams =>
  JSON.parse(document.getElementById("config")!.textContent!) as CheckoutParams;

export const isPlanId = (id: string | null): id is string => !!id && PLAN_ID.test(id);
