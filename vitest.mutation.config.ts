/**
 * The tests that guard what mutation testing mutates (stryker.config.json): the bridge, embed
 * settings and redirect, payments and idempotency, stock, rate limits, API keys and webhook
 * signing. Only these run for each mutant, so `npm run test:mutation` fits on two cores.
 */
import { defineConfig } from "vitest/config";
import base from "./vitest.config.ts";

const browser = [
  "test/unit/loader/bridge.test.ts",
  "test/unit/checkout/bridge.test.ts",
  "test/unit/protocol/bridge.test.ts",
];
const server = [
  "test/server/embed/query.test.ts",
  "test/server/embed/frame-ancestors.test.ts",
  "test/server/redirect.test.ts",
  "test/server/routes/buyer/payments.test.ts",
  "test/server/routes/buyer/payments-challenge.test.ts",
  "test/server/payments/fingerprint.test.ts",
  "test/server/card-data.test.ts",
  "test/server/store/payments.test.ts",
  "test/server/store/api-keys.test.ts",
  "test/server/http/rate-limit.test.ts",
  "test/server/http/auth.test.ts",
  "test/server/webhooks/dispatcher.test.ts",
  "test/server/webhooks/endpoints.test.ts",
];

// Built from the main config with each project's files replaced (merging would append them).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    projects: base.test!.projects!.map((project) => {
      const definition = project as { test: { name: string } };
      return {
        ...definition,
        test: {
          ...definition.test,
          include: definition.test.name === "server" ? server : browser,
        },
      };
    }),
  },
});
