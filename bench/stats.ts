/** A set of repeated measurements of one figure, summarised by its median and range. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Every sample in the order it was taken, for the raw JSON. */
  samples: number[];
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Failed runs are recorded as NaN: kept in `samples` (null in JSON), left out of the figures. */
export function summarise(samples: number[]): Summary {
  const valid = samples.filter(Number.isFinite);
  return {
    median: median(valid),
    min: valid.length ? Math.min(...valid) : Number.NaN,
    max: valid.length ? Math.max(...valid) : Number.NaN,
    samples,
  };
}

/**
 * `values` ÷ `base`, repetition by repetition (a pair shares the machine's speed of its moment),
 * summarised; a repetition missing from either side drops out as NaN.
 */
export const pairedRatio = (values: number[], base: number[]): Summary =>
  summarise(values.map((value, rep) => value / base[rep]!));

/**
 * The order candidates run in during repetition `rep`: rotated each time, so no candidate
 * always runs first (cold) or right after the same neighbour.
 */
export function rotation<T>(items: readonly T[], rep: number): T[] {
  const shift = rep % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Rejects when `promise` has not settled after `ms`, naming what was awaited. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** How many repetitions to run: at least `min`, more while time is left, never over `max`. */
export interface Repetitions {
  min: number;
  max: number;
  /** Time after which no new repetition starts (once `min` are done). */
  budgetMs: number;
}

/** Whether repetition number `done + 1` should start, given when the first one started. */
export function anotherRepetition(plan: Repetitions, done: number, startedAt: number): boolean {
  if (done < plan.min) return true;
  return done < plan.max && Date.now() - startedAt < plan.budgetMs;
}
