import { Hono } from "hono";
import { PLAN_ID } from "../../protocol.ts";
import { HttpError } from "../http-error.ts";
import type { Store } from "../store/store.ts";

/** `GET /api/v1/plans/:id`: the plan with its product and company, as the buyer sees them. */
export function planRoutes(store: Store) {
  return new Hono().get("/:id", (c) => {
    const id = c.req.param("id");
    if (!PLAN_ID.test(id)) {
      throw new HttpError(
        400,
        "invalid_plan_id",
        "The plan id must look like plan_XXXXXXXX.",
        "id",
      );
    }
    const view = store.getPlanView(id);
    if (!view) throw new HttpError(404, "plan_not_found", `No plan ${id} exists.`, "id");
    c.header("Cache-Control", "no-store");
    return c.json(view);
  });
}
