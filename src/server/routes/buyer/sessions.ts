import { Hono } from "hono";
import { type PublicSession, SESSION_ID } from "../../../protocol/index.ts";
import { isSessionExpired } from "../../checks.ts";
import { authenticate, ownedPlan } from "../../http/auth.ts";
import { HttpError } from "../../http/http-error.ts";
import type { Store } from "../../store/store.ts";
import { sessionView } from "../merchant/commerce.ts";

/**
 * `GET /api/v1/checkout_sessions/:id`: the public part of a session (never its metadata).
 * Unknown → 404; expired → 410 `session_expired`, since it existed but can no longer be used.
 * With an API key it answers the owning company with the whole session, expired or not.
 */
export function sessionRoutes(store: Store) {
  return new Hono().get("/:id", (c) => {
    const id = c.req.param("id");
    if (!SESSION_ID.test(id)) {
      throw new HttpError(
        400,
        "invalid_session_id",
        "The session id must look like ch_XXXXXXXX.",
        "id",
      );
    }
    // With an API key, the owning company reads the whole session, metadata included.
    if (c.req.header("authorization")) {
      const company = authenticate(store, c);
      const session = store.getSession(id);
      if (!session) {
        throw new HttpError(404, "session_not_found", `No checkout session ${id} exists.`, "id");
      }
      ownedPlan(store, company, session.plan_id, "id");
      return c.json({ session: sessionView(session) });
    }
    const session = store.getSession(id);
    if (!session)
      throw new HttpError(404, "session_not_found", `No checkout session ${id} exists.`, "id");
    if (isSessionExpired(session)) {
      throw new HttpError(410, "session_expired", `Checkout session ${id} has expired.`, "id");
    }
    const view: PublicSession = {
      id: session.id,
      plan_id: session.plan_id,
      expires_at: session.expires_at,
    };
    c.header("Cache-Control", "no-store");
    return c.json({ session: view });
  });
}
