import { ChangeLog } from "../../http/change-log.ts";
import { strongEtag } from "../../http/public-answers.ts";
import type { Store } from "../../store/interface.ts";

/**
 * How long a plan's public answer is reused. Every buyer of a plan gets the same answer, so
 * under load one database read serves thousands of them; a change made through this instance
 * clears it at once (see `clear`), one made elsewhere (another instance, the CLI) shows within
 * this time. Nothing charged depends on it: a payment reads price and stock in its own
 * transaction.
 */
export const PLAN_VIEW_TTL_MS = 1_000;

interface CachedView {
  body: string;
  /** A strong validator of `body`, for `If-None-Match` (browsers, CDNs). */
  etag: string;
  expires: number;
}

/** Public plan answers (`GET /api/v1/plans/:id`) held in memory for `PLAN_VIEW_TTL_MS`. */
export class PlanViews {
  private readonly views = new Map<string, CachedView>();
  /** What changed when: a view read before a change of its plan is not kept after it. */
  private readonly changes = new ChangeLog();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer for plan `id` as JSON text with its ETag, or null when there is no such plan. */
  async get(id: string): Promise<CachedView | null> {
    const cached = this.views.get(id);
    if (cached && cached.expires > this.now()) return cached;
    const since = this.changes.now();
    const view = await this.store.getPlanView(id);
    if (!view) {
      this.views.delete(id);
      return null;
    }
    const body = JSON.stringify(view);
    const fresh = { body, etag: strongEtag(body), expires: this.now() + PLAN_VIEW_TTL_MS };
    // Read while a change was made: right for this request, which overlapped it, but perhaps
    // from before it, so not kept for the next ones.
    if (!this.changes.changedSince(since, id)) this.views.set(id, fresh);
    return fresh;
  }

  /** Forgets the answers of `plans`, or every answer (no argument): after a change made here. */
  clear(plans?: readonly string[]): void {
    this.changes.record(plans);
    if (!plans) this.views.clear();
    else for (const plan of plans) this.views.delete(plan);
  }
}
