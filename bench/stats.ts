/** A set of repeated measurements of one figure, summarised by its median and range. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Every sample in the order it was taken, for the raw JSON. */
  samples: number[];
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarise(samples: number[]): Summary {
  return {
    median: median(samples),
    min: samples.length ? Math.min(...samples) : Number.NaN,
    max: samples.length ? Math.max(...samples) : Number.NaN,
    samples,
  };
}

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
