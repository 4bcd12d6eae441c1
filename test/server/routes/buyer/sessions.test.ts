import { describe, expect, it } from "vitest";
import { DEMO } from "../../../../src/server/seed.ts";
import { createTestApp } from "../../../support/test-app.ts";

describe("GET /api/v1/checkout_sessions/:id", () => {
  it("returns the public part of a session, without its metadata", async () => {
    const { app } = createTestApp();
    const response = await app.request(`/api/v1/checkout_sessions/${DEMO.session}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      session: {
        id: DEMO.session,
        plan_id: DEMO.oneTimePlan,
        expires_at: "2099-01-01T00:00:00.000Z",
      },
    });
  });

  it("answers 404 for an unknown session, 410 for an expired one, 400 for a malformed id", async () => {
    const { app, store } = createTestApp();
    const expired = store.createSession({
      plan_id: DEMO.oneTimePlan,
      expires_at: "2020-01-01T00:00:00.000Z",
    });
    const gone = await app.request(`/api/v1/checkout_sessions/${expired.id}`);
    expect(gone.status).toBe(410);
    expect((await gone.json()).error.code).toBe("session_expired");
    const missing = await app.request("/api/v1/checkout_sessions/ch_Missing");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("session_not_found");
    const malformed = await app.request("/api/v1/checkout_sessions/sess_1");
    expect(malformed.status).toBe(400);
  });
});
