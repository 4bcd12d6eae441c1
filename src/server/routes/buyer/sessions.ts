import { Hono } from "hono";
import type { PublicSession } from "../../../protocol/index.ts";
import { isSessionExpired } from "../../checks.ts";
import { authenticate } from "../../http/auth.ts";
import { notFound, owned, pathId } from "../../http/guards.ts";
import { HttpError } from "../../http/http-error.ts";
import type { Store } from "../../store/interface.ts";
import { sessionView } from "../merchant/commerce.ts";

const sessionId = pathId("ch");
const ownedSession = owned("session");

/**
 * `GET /api/v1/checkout_sessions/:id`: the public part of a session (never its metadata).
 * Unknown → 404; expired → 410 `session_expired`, since it existed but can no longer be used.
 * With an API key it answers the owning company with the whole session, expired or not.
 */
export function sessionRoutes(store: Store) {
  return new Hono().get("/:id", (c) => {
    const id = sessionId(c.req.param("id"));
    // With an API key, the owning company reads the whole session, metadata included.
    if (c.req.header("authorization")) {
      const session = ownedSession(store, authenticate(store, c), id);
      return c.json({ session: sessionView(session) });
    }
    const session = store.getSession(id);
    if (!session) throw notFound("session", id, "id");
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
