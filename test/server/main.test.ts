import { expect, it } from "vitest";
import { DEMO } from "../../src/server/seed.ts";
import { spawnServer } from "../support/spawn-server.ts";
import { declineCard, postJson, successCard } from "../support/test-app.ts";

it("on SIGTERM stops accepting, finishes the request in flight, then exits 0", async () => {
  // One decline makes the plan's next payments wait 2 s (the per-plan slowdown): a request
  // that is surely in flight when the signal arrives.
  const server = await spawnServer({ env: { RATE_LIMIT_PAYMENT_FAILURES_PER_PLAN: "1" } });
  const exited = new Promise<number | null>((resolve) => server.child.once("exit", resolve));
  const pay = (card: typeof successCard) =>
    fetch(
      `${server.checkoutOrigin}/api/v1/payments`,
      postJson({ plan_id: DEMO.oneTimePlan, email: "a@b.co", card }),
    );
  expect((await pay(declineCard)).status).toBe(402);

  const slowed = pay(successCard);
  await new Promise((resolve) => setTimeout(resolve, 300));
  server.child.kill("SIGTERM");
  const answer = await slowed;
  expect(answer.status).toBe(201);
  expect((await answer.json()).receipt.id).toMatch(/^r_/);
  expect(await exited).toBe(0);
  await expect(fetch(`${server.checkoutOrigin}/healthz`)).rejects.toThrow();
  await server.stop();
});
