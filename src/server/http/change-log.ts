/**
 * Which plans' public answers changed, and when, for the caches of those answers (plan views,
 * public answers): a count of changes, the count at the last change of everything, and the
 * count at each plan's last change. A cache notes the count before it reads what it keeps and
 * keeps it only if nothing it depends on changed meanwhile: a read overlapping a change may
 * predate it.
 */
export class ChangeLog {
  private count = 0;
  private everything = 0;
  private readonly plans = new Map<string, number>();

  /** The count of changes so far: noted before reading what a cache will keep. */
  now(): number {
    return this.count;
  }

  /** Records a change of `plans`' public answers, or of anything at all (no argument). */
  record(plans?: readonly string[]): void {
    this.count++;
    if (!plans) {
      this.everything = this.count;
      // Every plan's entry is older than this now.
      this.plans.clear();
      return;
    }
    for (const plan of plans) this.plans.set(plan, this.count);
  }

  /** Whether what was read at `since`, about `plan` (null: about no plan), changed since. */
  changedSince(since: number, plan: string | null): boolean {
    return this.everything > since || (plan !== null && (this.plans.get(plan) ?? 0) > since);
  }
}
